package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/rbac"
	"github.com/palisade-dev/palisade/internal/scan"
)

// rbacFlags are the flags of the rbac subcommands: what to read (paths,
// or the live cluster as `palisade scan` reads it) and how to print.
type rbacFlags struct {
	in        inputFlags
	output    string
	namespace string
	name      string
	groups    []string
}

func (f *rbacFlags) addInput(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.output, "output", "o", "table", "output format: table or json")
	f.in.register(fl, false)
}

func newRBACCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rbac",
		Short: "Query effective RBAC permissions: who can do what, and what a subject can do",
		Long: `Query the effective RBAC permissions of manifests or of a live cluster, with
the API server's own semantics: wildcards, subresources, resourceNames,
aggregated ClusterRoles, RoleBindings of ClusterRoles scoped to their
namespace, and system:masters. A file scan adds Kubernetes' default roles
and bindings that the files do not have.`,
	}
	cmd.AddCommand(newWhoCanCommand(), newPermissionsCommand())
	return cmd
}

func newWhoCanCommand() *cobra.Command {
	f := &rbacFlags{}
	cmd := &cobra.Command{
		Use:   "who-can VERB RESOURCE[.GROUP][/SUBRESOURCE] [PATH... | -]",
		Short: "List every subject allowed a request, and the binding and rule that allow it",
		Long: `List every subject allowed a request, and the binding and rule that allow it.
RESOURCE may be a non-resource URL such as /metrics. Without --namespace,
a namespaced resource is asked for in every namespace at once.`,
		Example: `  palisade rbac who-can get secrets -n shop deploy/
  palisade rbac who-can create pods/exec --context prod
  palisade rbac who-can update deployments.apps/scale -o json
  palisade rbac who-can get /metrics`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, note, err := rbac.ParseRequest(args[0], args[1], f.namespace, f.name)
			if err != nil {
				return err
			}
			m, err := f.load(cmd, args[2:], req.Namespace)
			if err != nil {
				return err
			}
			anyNS := !req.NonResource && req.Namespace == "" && f.namespace == "" && !rbac.ClusterScoped(req.APIGroup, req.Resource)
			a := m.WhoCanAnswer(req, anyNS)
			if note != "" {
				a.Notes = append(a.Notes, note)
			}
			return f.print(cmd, a, whoCanTable)
		},
	}
	f.addInput(cmd)
	cmd.Flags().StringVarP(&f.namespace, "namespace", "n", "", "the request's namespace (default: every namespace)")
	cmd.Flags().StringVar(&f.name, "name", "", "the name of the object asked for (resourceNames)")
	return cmd
}

func newPermissionsCommand() *cobra.Command {
	f := &rbacFlags{}
	cmd := &cobra.Command{
		Use:   "permissions SUBJECT [PATH... | -]",
		Short: "List everything a subject may do, and through which binding",
		Long: `List everything a subject may do, and through which binding. SUBJECT is
sa:NAMESPACE:NAME, user:NAME or group:NAME. A service account is evaluated
with the groups its token carries; a user with system:authenticated and
the groups given with --group.`,
		Example: `  palisade rbac permissions sa:shop:api deploy/
  palisade rbac permissions user:alice --group devs -o json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, u, err := rbac.ParseSubject(args[0], f.groups)
			if err != nil {
				return err
			}
			m, err := f.load(cmd, args[1:], "")
			if err != nil {
				return err
			}
			return f.print(cmd, m.PermissionsAnswer(s, u), permissionsTable)
		},
	}
	f.addInput(cmd)
	cmd.Flags().StringSliceVar(&f.groups, "group", nil, "a group the user is in (repeatable)")
	return cmd
}

// load reads the inventory as a scan would and builds its model. For a
// cluster and a query in one namespace, only that namespace's namespaced
// objects are listed.
func (f *rbacFlags) load(cmd *cobra.Command, paths []string, namespace string) (*rbac.Model, error) {
	if f.output != "table" && f.output != "json" {
		return nil, fmt.Errorf("--output must be table or json, not %q", f.output)
	}
	if len(paths) == 0 && namespace != "" {
		f.in.namespaces = []string{namespace}
	}
	opts, err := f.in.options(cmd, paths)
	if err != nil {
		return nil, err
	}
	inv, err := scan.Load(cmd.Context(), opts)
	if err != nil {
		return nil, err
	}
	if err := rbacInputErrors(cmd.ErrOrStderr(), inv); err != nil {
		return nil, err
	}
	return rbac.For(inv), nil
}

// rbacInputErrors prints what could not be read; inputs that could not be
// read fail the command (exit 2), as they fail a scan.
func rbacInputErrors(w io.Writer, inv *inventory.Inventory) error {
	for _, e := range inv.Errors {
		fmt.Fprintln(w, "error:", e.Error())
	}
	if len(inv.Errors) > 0 {
		return fmt.Errorf("%d inputs could not be read: the answer would be incomplete", len(inv.Errors))
	}
	return nil
}

func (f *rbacFlags) print(cmd *cobra.Command, a rbac.Answer, table func(io.Writer, rbac.Answer) error) error {
	if f.output == "json" {
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	if err := table(cmd.OutOrStdout(), a); err != nil {
		return err
	}
	w := cmd.ErrOrStderr()
	for _, n := range a.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	for _, u := range a.Unknown {
		fmt.Fprintln(w, "unknown:", u)
	}
	for _, u := range a.Unread {
		fmt.Fprintln(w, "not read:", u, "- the answer may miss grants")
	}
	return nil
}

func whoCanTable(out io.Writer, a rbac.Answer) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "SUBJECT\tSCOPE\tROLE\tVIA")
	for _, r := range a.Grants {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", rbac.SubjectString(r.Subject), r.Scope, rbacRole(r), rbacVia(r))
	}
	return w.Flush()
}

func permissionsTable(out io.Writer, a rbac.Answer) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "SCOPE\tVERBS\tRESOURCES\tNAMES\tVIA")
	for _, r := range a.Grants {
		verbs, resources, names := "*", "*", ""
		if r.Rule != nil {
			verbs = strings.Join(r.Rule.Verbs, ",")
			resources = rbacResources(r)
			names = strings.Join(r.Rule.ResourceNames, ",")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.Scope, verbs, resources, rbacDash(names), rbacVia(r))
	}
	return w.Flush()
}

// rbacResources renders a rule's resources with their groups
// ("deployments.apps", "pods/exec") or its non-resource URLs.
func rbacResources(r rbac.Row) string {
	if len(r.Rule.NonResourceURLs) > 0 {
		return strings.Join(r.Rule.NonResourceURLs, ",")
	}
	var out []string
	for _, g := range r.Rule.APIGroups {
		for _, res := range r.Rule.Resources {
			if g == "" {
				out = append(out, res)
				continue
			}
			name, sub, found := strings.Cut(res, "/")
			if found {
				sub = "/" + sub
			}
			out = append(out, name+"."+g+sub)
		}
	}
	return strings.Join(out, ",")
}

func rbacRole(r rbac.Row) string {
	if r.Role == nil {
		return "-"
	}
	return r.Role.Kind + " " + r.Role.Name
}

// rbacVia names the binding and where the rule is written, or the note of a
// grant without binding.
func rbacVia(r rbac.Row) string {
	if r.Binding == nil {
		return r.Note
	}
	s := r.Binding.Kind + " " + r.Binding.Name
	if r.Binding.Namespace != "" {
		s = r.Binding.Kind + " " + r.Binding.Namespace + "/" + r.Binding.Name
	}
	return s + " (" + r.RuleSource + ")"
}

func rbacDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
