// Command constraints generates internal/constraints/constraints_gen.go: the
// service-side checks (length, range, pattern, enum, list size) that the ECR
// model attaches to the members of every operation input.
//
// It reads the botocore model (path from -model, $BOTOCORE_ECR_MODEL, or the
// copy inside the botocore package python3 imports), adds the hand-written
// supplement for the operations the model lacks (tables.go), and resolves
// every member to its Go field by reflection over the SDK's input types, so
// a member whose Go name or type is not what the generator expects stops the
// generator instead of producing code that does not compile. It only runs on
// developer machines; CI uses the committed output.
//
// Usage (from internal/constraints, see its doc.go):
//
//	go run ../gen/constraints -o constraints_gen.go
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	out := flag.String("o", "", "output file (default constraints_gen.go, or constraints_ecrpublic_gen.go for -service ecrpublic)")
	name := flag.String("service", "ecr", "the client and model: ecr or ecrpublic")
	modelPath := flag.String("model", "", "botocore model (service-2.json or .json.gz); default $BOTOCORE_ECR_MODEL (ecr) or $BOTOCORE_ECR_PUBLIC_MODEL (ecrpublic), else botocore's copy")
	flag.Parse()
	var ok bool
	if svc, ok = services[*name]; !ok {
		log.Fatalf("unknown -service %q", *name)
	}
	if *out == "" {
		*out = svc.output
	}
	log.SetFlags(0)
	log.SetPrefix("gen/constraints: ")

	path := *modelPath
	if path == "" {
		var err error
		if path, err = findModel(); err != nil {
			log.Fatal(err)
		}
	}
	m, err := readModel(path)
	if err != nil {
		log.Fatal(err)
	}
	src, err := generate(m)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gen/constraints: wrote %s from %s\n", *out, path)
}
