package plimsoll_test

import (
	"fmt"

	plimsoll "github.com/plimsoll-lint/plimsoll/bindings-go"
)

func ExampleLint() {
	src := []byte("FROM debian:latest\nUSER 10001\n")

	report, err := plimsoll.Lint(src, plimsoll.Options{})
	if err != nil {
		panic(err)
	}

	for _, diagnostic := range report.Files[0].Diagnostics {
		fmt.Printf("%d:%d %s %s\n", diagnostic.Start.Line, diagnostic.Start.Column, diagnostic.Code, diagnostic.Severity)
	}
	// Output:
	// 1:6 DL3007 warning
}

func ExampleNewLinter() {
	linter, err := plimsoll.NewLinter(plimsoll.Options{Ignore: []string{"DL3007"}})
	if err != nil {
		panic(err)
	}
	defer linter.Close()

	report, err := linter.Lint([]byte("FROM debian:latest\nUSER 10001\n"))
	if err != nil {
		panic(err)
	}

	fmt.Println(len(report.Files[0].Diagnostics), "findings")
	// Output:
	// 0 findings
}
