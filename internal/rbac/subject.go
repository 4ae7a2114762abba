package rbac

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// Well-known users and groups of the Kubernetes authenticators.
const (
	// GroupMasters is all-powerful: the API server allows its members
	// everything before RBAC is asked.
	GroupMasters         = "system:masters"
	GroupAuthenticated   = "system:authenticated"
	GroupUnauthenticated = "system:unauthenticated"
	// GroupServiceAccounts holds every service account; each is also in
	// GroupServiceAccounts+":"+namespace.
	GroupServiceAccounts = "system:serviceaccounts"
	UserAnonymous        = "system:anonymous"
	saUserPrefix         = "system:serviceaccount:"
)

// User is an authenticated identity: a name and its groups.
type User struct {
	Name   string
	Groups []string
}

// ServiceAccountUser is the identity of a service account's token: its
// user name and the groups the API server gives every service account.
func ServiceAccountUser(namespace, name string) User {
	return User{
		Name:   ServiceAccountUserName(namespace, name),
		Groups: []string{GroupServiceAccounts, GroupServiceAccounts + ":" + namespace, GroupAuthenticated},
	}
}

// ServiceAccountUserName is a service account's user name,
// system:serviceaccount:NAMESPACE:NAME.
func ServiceAccountUserName(namespace, name string) string {
	return saUserPrefix + namespace + ":" + name
}

// appliesTo returns the index of the first subject that names the user,
// as the authorizer matches them; namespace is the RoleBinding's (a
// ServiceAccount subject without a namespace is in it), "" for a
// ClusterRoleBinding.
func appliesTo(u User, subjects []rbacv1.Subject, namespace string) (int, bool) {
	for i := range subjects {
		if appliesToUser(u, &subjects[i], namespace) {
			return i, true
		}
	}
	return 0, false
}

func appliesToUser(u User, s *rbacv1.Subject, namespace string) bool {
	switch s.Kind {
	case rbacv1.UserKind:
		return u.Name == s.Name
	case rbacv1.GroupKind:
		return slices.Contains(u.Groups, s.Name)
	case rbacv1.ServiceAccountKind:
		ns := namespace
		if s.Namespace != "" {
			ns = s.Namespace
		}
		return ns != "" && u.Name == ServiceAccountUserName(ns, s.Name)
	}
	return false
}

// effectiveSubject is the subject as it applies in a binding of namespace
// ns: a ServiceAccount without a namespace is in the binding's. ok is
// false for a subject that applies to no one (unknown kind, or a
// ServiceAccount of a ClusterRoleBinding without a namespace).
func effectiveSubject(s rbacv1.Subject, ns string) (rbacv1.Subject, bool) {
	switch s.Kind {
	case rbacv1.UserKind, rbacv1.GroupKind:
		return s, true
	case rbacv1.ServiceAccountKind:
		if s.Namespace == "" {
			s.Namespace = ns
		}
		return s, s.Namespace != ""
	}
	return s, false
}

// SubjectString names a subject the way the rbac command takes it:
// "user:alice", "group:devs", "sa:shop:api".
func SubjectString(s rbacv1.Subject) string {
	switch s.Kind {
	case rbacv1.UserKind:
		return "user:" + s.Name
	case rbacv1.GroupKind:
		return "group:" + s.Name
	case rbacv1.ServiceAccountKind:
		return "sa:" + s.Namespace + ":" + s.Name
	}
	return strings.ToLower(s.Kind) + ":" + s.Name
}

// DescribeSubject names a subject for messages: "User alice", "Group
// devs", "ServiceAccount shop/api".
func DescribeSubject(s rbacv1.Subject) string {
	if s.Kind == rbacv1.ServiceAccountKind {
		return "ServiceAccount " + s.Namespace + "/" + s.Name
	}
	return s.Kind + " " + s.Name
}

// ParseSubject reads "sa:NS:NAME" (or "serviceaccount:NS:NAME" or
// "system:serviceaccount:NS:NAME"), "user:NAME" or "group:NAME", and
// returns the subject and the identity to evaluate. A user is given the
// group system:authenticated, which every authenticated user has, plus
// extraGroups; a group is evaluated as a member with no name and no
// other group.
func ParseSubject(s string, extraGroups []string) (rbacv1.Subject, User, error) {
	kind, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" {
		return rbacv1.Subject{}, User{}, fmt.Errorf("subject %q: want sa:NAMESPACE:NAME, user:NAME or group:NAME", s)
	}
	switch strings.ToLower(kind) {
	case "sa", "serviceaccount":
		return serviceAccountSubject(s, rest, extraGroups)
	case "system":
		if after, ok := strings.CutPrefix(rest, "serviceaccount:"); ok {
			return serviceAccountSubject(s, after, extraGroups)
		}
	case "user", "u":
		groups := append([]string{GroupAuthenticated}, extraGroups...)
		return rbacv1.Subject{Kind: rbacv1.UserKind, Name: rest}, User{Name: rest, Groups: groups}, nil
	case "group", "g":
		return rbacv1.Subject{Kind: rbacv1.GroupKind, Name: rest}, User{Groups: append([]string{rest}, extraGroups...)}, nil
	}
	return rbacv1.Subject{}, User{}, fmt.Errorf("subject %q: want sa:NAMESPACE:NAME, user:NAME or group:NAME", s)
}

func serviceAccountSubject(s, nsName string, extraGroups []string) (rbacv1.Subject, User, error) {
	ns, name, ok := strings.Cut(nsName, ":")
	if !ok || ns == "" || name == "" || strings.Contains(name, ":") {
		return rbacv1.Subject{}, User{}, fmt.Errorf("subject %q: a service account is sa:NAMESPACE:NAME", s)
	}
	u := ServiceAccountUser(ns, name)
	u.Groups = append(u.Groups, extraGroups...)
	return rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Namespace: ns, Name: name}, u, nil
}
