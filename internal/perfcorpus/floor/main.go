// Command floor measures the "standard decode" floor the scan is compared
// with: it reads manifest files and decodes every document into its typed
// k8s.io/api object the way most Kubernetes tools do (apimachinery's YAML
// reader, YAML converted to JSON, JSON decoded), single-threaded, doing
// nothing else with the objects.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

func main() {
	mode := flag.String("mode", "universal", "universal: the apimachinery universal deserializer; stdjson: sigs.k8s.io/yaml YAMLToJSON then encoding/json")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: floor [-mode universal|stdjson] DIR|FILE...")
		os.Exit(2)
	}
	files, err := manifestFiles(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	n, err := decodeFiles(files, *mode)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("decoded %d objects from %d files (%s)\n", n, len(files), *mode)
}

// manifestFiles lists the YAML files under the paths, in lexical order.
func manifestFiles(paths []string) ([]string, error) {
	var out []string
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", root, err)
		}
	}
	return out, nil
}

// decodeFiles decodes every document of every file, one after the other,
// and returns how many objects it decoded.
func decodeFiles(files []string, mode string) (int, error) {
	decode, err := decoder(mode)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return total, fmt.Errorf("reading %s: %w", f, err)
		}
		r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
		for {
			doc, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return total, fmt.Errorf("reading %s: %w", f, err)
			}
			if commentsOnly(doc) {
				continue
			}
			ok, err := decode(doc)
			if err != nil {
				return total, fmt.Errorf("decoding a document of %s: %w", f, err)
			}
			if ok {
				total++
			}
		}
	}
	return total, nil
}

// commentsOnly reports a document with nothing but blank lines and
// comments (the head of a file before its first "---").
func commentsOnly(doc []byte) bool {
	for line := range bytes.Lines(doc) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			return false
		}
	}
	return true
}

// decoder returns a function decoding one YAML document into its typed
// object; it reports false for documents with no object (comments only).
func decoder(mode string) (func([]byte) (bool, error), error) {
	switch mode {
	case "universal":
		scheme := runtime.NewScheme()
		for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, rbacv1.AddToScheme, networkingv1.AddToScheme} {
			if err := add(scheme); err != nil {
				return nil, fmt.Errorf("building the scheme: %w", err)
			}
		}
		codecs := serializer.NewCodecFactory(scheme).UniversalDeserializer()
		return func(doc []byte) (bool, error) {
			obj, _, err := codecs.Decode(doc, nil, nil)
			return obj != nil, err
		}, nil
	case "stdjson":
		return decodeStdJSON, nil
	}
	return nil, fmt.Errorf("unknown mode %q (want universal or stdjson)", mode)
}

// decodeStdJSON converts YAML to JSON with sigs.k8s.io/yaml and decodes it
// with encoding/json into the typed object of its kind.
func decodeStdJSON(doc []byte) (bool, error) {
	j, err := sigsyaml.YAMLToJSON(doc)
	if err != nil {
		return false, err
	}
	if bytes.Equal(bytes.TrimSpace(j), []byte("null")) {
		return false, nil
	}
	var tm metav1.TypeMeta
	if err := json.Unmarshal(j, &tm); err != nil {
		return false, err
	}
	obj := typedFor(tm.Kind)
	if err := json.Unmarshal(j, obj); err != nil {
		return false, fmt.Errorf("%s: %w", tm.Kind, err)
	}
	return true, nil
}

func typedFor(kind string) any {
	switch kind {
	case "Deployment":
		return new(appsv1.Deployment)
	case "StatefulSet":
		return new(appsv1.StatefulSet)
	case "DaemonSet":
		return new(appsv1.DaemonSet)
	case "Job":
		return new(batchv1.Job)
	case "CronJob":
		return new(batchv1.CronJob)
	case "Service":
		return new(corev1.Service)
	case "ConfigMap":
		return new(corev1.ConfigMap)
	case "ServiceAccount":
		return new(corev1.ServiceAccount)
	case "Namespace":
		return new(corev1.Namespace)
	case "Role":
		return new(rbacv1.Role)
	case "RoleBinding":
		return new(rbacv1.RoleBinding)
	case "ClusterRole":
		return new(rbacv1.ClusterRole)
	case "ClusterRoleBinding":
		return new(rbacv1.ClusterRoleBinding)
	case "NetworkPolicy":
		return new(networkingv1.NetworkPolicy)
	}
	return &map[string]any{}
}
