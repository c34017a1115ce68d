module github.com/plimsoll-lint/plimsoll/bindings-go

go 1.22
