// Command required derives the ECR client's client-side required-member rules
// from the SDK's validators.go and writes our own implementation of them to
// internal/required/required_gen.go.
//
// The SDK file is read as data, never copied: we extract, per validated
// shape, which members are required, how emptiness is tested and which
// members recurse into nested validators, then emit fresh code from those
// facts. Every SDK construct is matched against the exact shapes we know; any
// other construct aborts the run, so an SDK upgrade that changes the
// validation model is noticed instead of silently mis-modelled.
//
// Usage (from anywhere inside the module; go generate runs it from
// internal/required):
//
//	go run ./internal/gen/required [-o file]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const smithyPath = "github.com/aws/smithy-go"

// service describes one SDK client the generator covers. Both write into
// package required; prefix keeps their generated function names apart.
type service struct {
	module   string // SDK module path; its package name is path.Base
	pkg      string // package name of module
	output   string // default output, relative to the module root
	prefix   string // inserted after "check" in every generated function name
	dispatch string // name of the generated dispatch function
	label    string // human name in comments
}

var services = map[string]service{
	"ecr": {module: "github.com/aws/aws-sdk-go-v2/service/ecr", pkg: "ecr",
		output: "internal/required/required_gen.go", dispatch: "dispatch", label: "ECR"},
	"ecrpublic": {module: "github.com/aws/aws-sdk-go-v2/service/ecrpublic", pkg: "ecrpublic",
		output: "internal/required/required_ecrpublic_gen.go", prefix: "Public", dispatch: "dispatchPublic", label: "ECR Public"},
}

// svc is the service being generated (the -service flag).
var svc = services["ecr"]

func sdkTypesPath() string { return svc.module + "/types" }

func main() {
	out := flag.String("o", "", "output file (default <module root>/<the service's file>)")
	name := flag.String("service", "ecr", "SDK client to derive rules from: ecr or ecrpublic")
	flag.Parse()
	var ok bool
	if svc, ok = services[*name]; !ok {
		fmt.Fprintf(os.Stderr, "gen/required: unknown -service %q\n", *name)
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen/required:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(root, svc.output)
	}
	dir, version, err := sdkDir(root)
	if err != nil {
		return err
	}
	m, err := extract(dir)
	if err != nil {
		return err
	}
	src, err := emit(m, version)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}

// moduleRoot finds our module's root so the SDK version resolved is the one
// our go.mod selects, whatever directory we were started from.
func moduleRoot() (string, error) {
	b, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(b))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

func sdkDir(root string) (dir, version string, err error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}\n{{.Version}}", svc.module)
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m %s: %w", svc.module, err)
	}
	f := strings.Fields(string(b))
	if len(f) != 2 || f[0] == "" {
		return "", "", fmt.Errorf("go list -m %s: unexpected output %q (module not downloaded?)", svc.module, b)
	}
	return f[0], f[1], nil
}

// ---- model ----

// model is everything the emitted code needs to know about the SDK.
type model struct {
	ops        []operation           // every *Client operation, sorted by name
	validators map[string]*validator // by SDK function name
}

type operation struct {
	name      string // e.g. PutImage; the input type is name+"Input"
	validator string // SDK validator function name, "" when the op is not validated
}

type validator struct {
	name    string // SDK function name, e.g. validateTagList
	context string // InvalidParamsError.Context the SDK uses
	typ     string // validated type name, without package
	types   bool   // typ lives in the types package (else in package ecr)
	list    bool   // validates []typ element-wise; elem names the element validator
	elem    string
	rules   []rule // struct validators only, in SDK order
}

type ruleKind int

const (
	required       ruleKind = iota // member must be non-empty
	nested                         // non-nil member is validated by rule.nested
	requiredNested                 // both, as one if/else chain
)

type rule struct {
	kind     ruleKind
	field    string // Go field name
	name     string // member name as reported in the error (required*)
	byLen    bool   // emptiness is len()==0 (enums) rather than ==nil
	nested   string // SDK validator function for the member (nested*)
	nestedAs string // nested context string passed to AddNested (nested*)
}

// ---- extraction ----

func extract(dir string) (*model, error) {
	fset := token.NewFileSet()
	vf, err := parser.ParseFile(fset, filepath.Join(dir, "validators.go"), nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	x := &extractor{fset: fset, validators: map[string]*validator{}, middleware: map[string]string{}, adders: map[string]string{}}
	if err := x.checkImports(vf); err != nil {
		return nil, err
	}
	for _, d := range vf.Decls {
		if err := x.decl(d); err != nil {
			return nil, err
		}
	}
	if len(x.errs) > 0 {
		return nil, fmt.Errorf("validators.go has constructs this generator does not understand:\n\t%s", strings.Join(x.errs, "\n\t"))
	}
	ops, err := x.operations(dir)
	if err != nil {
		return nil, err
	}
	m := &model{ops: ops, validators: x.validators}
	return m, x.link(m)
}

type extractor struct {
	fset       *token.FileSet
	validators map[string]*validator
	middleware map[string]string // middleware type name -> op validator function
	mwTypes    []string          // middleware type names, in file order
	adders     map[string]string // addOpXValidationMiddleware -> middleware type name
	errs       []string
}

func (x *extractor) fail(n ast.Node, format string, args ...any) {
	x.errs = append(x.errs, fmt.Sprintf("%s: %s", x.fset.Position(n.Pos()), fmt.Sprintf(format, args...)))
}

func (x *extractor) checkImports(f *ast.File) error {
	want := map[string]string{"context": "", "fmt": "", sdkTypesPath(): "types", smithyPath: "smithy", "github.com/aws/smithy-go/middleware": ""}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name, ok := want[p]
		if !ok {
			return fmt.Errorf("%s: unexpected import %s", x.fset.Position(im.Pos()), im.Path.Value)
		}
		if im.Name != nil && im.Name.Name != name || im.Name == nil && name != "" && name != filepath.Base(p) {
			return fmt.Errorf("%s: import %s under an unexpected name", x.fset.Position(im.Pos()), im.Path.Value)
		}
	}
	return nil
}

func (x *extractor) decl(d ast.Decl) error {
	switch d := d.(type) {
	case *ast.GenDecl:
		switch d.Tok {
		case token.IMPORT:
			return nil
		case token.TYPE:
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				if !ok || len(st.Fields.List) != 0 || !strings.HasPrefix(ts.Name.Name, "validateOp") {
					x.fail(ts, "unexpected type %s", ts.Name.Name)
					continue
				}
				x.mwTypes = append(x.mwTypes, ts.Name.Name)
			}
			return nil
		}
		x.fail(d, "unexpected %s declaration", d.Tok)
		return nil
	case *ast.FuncDecl:
		switch {
		case d.Recv != nil:
			x.method(d)
		case strings.HasPrefix(d.Name.Name, "addOp") && strings.HasSuffix(d.Name.Name, "ValidationMiddleware"):
			x.adder(d)
		case strings.HasPrefix(d.Name.Name, "validate"):
			x.validatorFunc(d)
		default:
			x.fail(d, "unexpected function %s", d.Name.Name)
		}
		return nil
	}
	x.fail(d, "unexpected declaration")
	return nil
}

// method checks the middleware plumbing: ID() is the fixed step name and
// HandleInitialize type-asserts the op input and calls one validator.
func (x *extractor) method(d *ast.FuncDecl) {
	recv := typeName(d.Recv.List[0].Type)
	switch d.Name.Name {
	case "ID":
		if len(d.Body.List) != 1 || !isReturnOf(d.Body.List[0], `"OperationInputValidation"`) {
			x.fail(d, "%s.ID: unexpected body", recv)
		}
	case "HandleInitialize":
		// input, ok := in.Parameters.(*XInput); if !ok {...}; if err := validateOpXInput(input); err != nil {...}; return next...
		b := d.Body.List
		if len(b) != 4 {
			x.fail(d, "%s.HandleInitialize: unexpected body", recv)
			return
		}
		as, ok := b[0].(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			x.fail(b[0], "%s.HandleInitialize: expected type assertion", recv)
			return
		}
		ta, ok := as.Rhs[0].(*ast.TypeAssertExpr)
		if !ok {
			x.fail(b[0], "%s.HandleInitialize: expected type assertion", recv)
			return
		}
		in := typeName(ta.Type)
		ifs, ok := b[2].(*ast.IfStmt)
		if !ok {
			x.fail(b[2], "%s.HandleInitialize: expected validator call", recv)
			return
		}
		call, ok := initCall(ifs)
		if !ok || len(call.Args) != 1 || !isIdent(call.Args[0], "input") {
			x.fail(b[2], "%s.HandleInitialize: expected validator call", recv)
			return
		}
		fn := identName(call.Fun)
		if in != "*"+strings.TrimPrefix(recv, "*validateOp")+"Input" || fn != "validateOp"+strings.TrimPrefix(in, "*") {
			x.fail(d, "%s.HandleInitialize: input %s / validator %s do not follow the naming scheme", recv, in, fn)
			return
		}
		x.middleware[strings.TrimPrefix(recv, "*")] = fn
	default:
		x.fail(d, "unexpected method %s.%s", recv, d.Name.Name)
	}
}

// adder checks addOpXValidationMiddleware registers validateOpX.
func (x *extractor) adder(d *ast.FuncDecl) {
	// return stack.Initialize.Add(&validateOpX{}, middleware.After)
	if len(d.Body.List) == 1 {
		if r, ok := d.Body.List[0].(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			if c, ok := r.Results[0].(*ast.CallExpr); ok && exprString(c.Fun) == "stack.Initialize.Add" && len(c.Args) == 2 &&
				exprString(c.Args[1]) == "middleware.After" {
				if u, ok := c.Args[0].(*ast.UnaryExpr); ok && u.Op == token.AND {
					if cl, ok := u.X.(*ast.CompositeLit); ok && len(cl.Elts) == 0 {
						x.adders[d.Name.Name] = identName(cl.Type)
						return
					}
				}
			}
		}
	}
	x.fail(d, "%s: unexpected body", d.Name.Name)
}

// validatorFunc extracts one validate* function. Its body must be
//
//	nil guard; invalidParams := smithy.InvalidParamsError{Context: "..."}; rules...; Len()>0 epilogue
func (x *extractor) validatorFunc(d *ast.FuncDecl) {
	name := d.Name.Name
	ft := d.Type
	if ft.TypeParams != nil || len(ft.Params.List) != 1 || len(ft.Params.List[0].Names) != 1 || ft.Params.List[0].Names[0].Name != "v" ||
		ft.Results == nil || len(ft.Results.List) != 1 || !isIdent(ft.Results.List[0].Type, "error") {
		x.fail(d, "%s: unexpected signature", name)
		return
	}
	v := &validator{name: name}
	switch t := ft.Params.List[0].Type.(type) {
	case *ast.StarExpr:
		v.typ, v.types = qualified(t.X)
	case *ast.ArrayType:
		if t.Len == nil {
			v.typ, v.types = qualified(t.Elt)
			v.list = true
		}
	}
	if v.typ == "" {
		x.fail(d, "%s: unsupported parameter type %s (only *T and []T are understood)", name, exprString(ft.Params.List[0].Type))
		return
	}
	body := d.Body.List
	if len(body) < 3 || !isNilGuard(body[0]) || !isEpilogue(body[len(body)-1]) {
		x.fail(d, "%s: unexpected prologue/epilogue", name)
		return
	}
	ctx, ok := contextDecl(body[1])
	if !ok {
		x.fail(body[1], "%s: expected invalidParams := smithy.InvalidParamsError{Context: ...}", name)
		return
	}
	v.context = ctx
	rules := body[2 : len(body)-1]
	if v.list {
		if len(rules) != 1 {
			x.fail(d, "%s: list validator must have exactly one loop", name)
			return
		}
		elem, ok := listLoop(rules[0])
		if !ok {
			x.fail(rules[0], "%s: unexpected list loop", name)
			return
		}
		v.elem = elem
	} else {
		for _, s := range rules {
			r, ok := structRule(s)
			if !ok {
				x.fail(s, "%s: unsupported rule:\n%s", name, exprString(s))
				continue
			}
			v.rules = append(v.rules, r)
		}
	}
	if _, dup := x.validators[name]; dup {
		x.fail(d, "%s: duplicate", name)
	}
	x.validators[name] = v
}

// structRule recognises the four per-member statements smithy emits.
func structRule(s ast.Stmt) (rule, bool) {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || len(ifs.Body.List) != 1 {
		return rule{}, false
	}
	// if v.F != nil { <nested call> }
	if f, ok := fieldCmpNil(ifs.Cond, token.NEQ); ok && ifs.Else == nil {
		fn, as, ok := nestedCall(ifs.Body.List[0], "v."+f)
		return rule{kind: nested, field: f, nested: fn, nestedAs: as}, ok
	}
	// if v.F == nil / len(v.F) == 0 { Add(required) } [else if v.F != nil { <nested call> }]
	var r rule
	if f, ok := fieldCmpNil(ifs.Cond, token.EQL); ok {
		r.field = f
	} else if f, ok := fieldLenZero(ifs.Cond); ok {
		r.field, r.byLen = f, true
	} else {
		return rule{}, false
	}
	if r.name, ok = requiredAdd(ifs.Body.List[0]); !ok {
		return rule{}, false
	}
	if ifs.Else == nil {
		r.kind = required
		return r, true
	}
	el, ok := ifs.Else.(*ast.IfStmt)
	if !ok || r.byLen || el.Init != nil || el.Else != nil || len(el.Body.List) != 1 {
		return rule{}, false
	}
	if f, ok := fieldCmpNil(el.Cond, token.NEQ); !ok || f != r.field {
		return rule{}, false
	}
	r.kind = requiredNested
	r.nested, r.nestedAs, ok = nestedCall(el.Body.List[0], "v."+r.field)
	return r, ok
}

// nestedCall matches
//
//	if err := validateX(<arg>); err != nil { invalidParams.AddNested("<ctx>", err.(smithy.InvalidParamsError)) }
func nestedCall(s ast.Stmt, arg string) (fn, ctx string, ok bool) {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Else != nil {
		return "", "", false
	}
	call, ok := initCall(ifs)
	if !ok || len(call.Args) != 1 || exprString(call.Args[0]) != arg {
		return "", "", false
	}
	ctxExpr, ok := addNested(ifs)
	if !ok {
		return "", "", false
	}
	ctx, ok = stringLit(ctxExpr)
	return identName(call.Fun), ctx, ok && identName(call.Fun) != ""
}

// listLoop matches
//
//	for i := range v { if err := validateX(&v[i]); err != nil { invalidParams.AddNested(fmt.Sprintf("[%d]", i), ...) } }
func listLoop(s ast.Stmt) (elem string, ok bool) {
	rs, ok := s.(*ast.RangeStmt)
	if !ok || !isIdent(rs.Key, "i") || rs.Value != nil || rs.Tok != token.DEFINE || !isIdent(rs.X, "v") || len(rs.Body.List) != 1 {
		return "", false
	}
	ifs, ok := rs.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Else != nil {
		return "", false
	}
	call, ok := initCall(ifs)
	if !ok || len(call.Args) != 1 || exprString(call.Args[0]) != "&v[i]" {
		return "", false
	}
	ctx, ok := addNested(ifs)
	if !ok || exprString(ctx) != `fmt.Sprintf("[%d]", i)` {
		return "", false
	}
	return identName(call.Fun), identName(call.Fun) != ""
}

// initCall matches `if err := f(args); err != nil {...}` and returns the call.
func initCall(ifs *ast.IfStmt) (*ast.CallExpr, bool) {
	as, ok := ifs.Init.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || !isIdent(as.Lhs[0], "err") || len(as.Rhs) != 1 {
		return nil, false
	}
	if exprString(ifs.Cond) != "err != nil" {
		return nil, false
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	return call, ok && call.Ellipsis == token.NoPos
}

// addNested matches a body of exactly
// invalidParams.AddNested(<ctx>, err.(smithy.InvalidParamsError)) and returns <ctx>.
func addNested(ifs *ast.IfStmt) (ast.Expr, bool) {
	if len(ifs.Body.List) != 1 {
		return nil, false
	}
	es, ok := ifs.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return nil, false
	}
	c, ok := es.X.(*ast.CallExpr)
	if !ok || exprString(c.Fun) != "invalidParams.AddNested" || len(c.Args) != 2 || exprString(c.Args[1]) != "err.(smithy.InvalidParamsError)" {
		return nil, false
	}
	return c.Args[0], true
}

// requiredAdd matches invalidParams.Add(smithy.NewErrParamRequired("<name>")).
func requiredAdd(s ast.Stmt) (string, bool) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return "", false
	}
	c, ok := es.X.(*ast.CallExpr)
	if !ok || exprString(c.Fun) != "invalidParams.Add" || len(c.Args) != 1 {
		return "", false
	}
	in, ok := c.Args[0].(*ast.CallExpr)
	if !ok || exprString(in.Fun) != "smithy.NewErrParamRequired" || len(in.Args) != 1 {
		return "", false
	}
	return stringLit(in.Args[0])
}

func fieldCmpNil(e ast.Expr, op token.Token) (string, bool) {
	b, ok := e.(*ast.BinaryExpr)
	if !ok || b.Op != op || !isIdent(b.Y, "nil") {
		return "", false
	}
	return vField(b.X)
}

func fieldLenZero(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BinaryExpr)
	if !ok || b.Op != token.EQL || exprString(b.Y) != "0" {
		return "", false
	}
	c, ok := b.X.(*ast.CallExpr)
	if !ok || !isIdent(c.Fun, "len") || len(c.Args) != 1 {
		return "", false
	}
	return vField(c.Args[0])
}

// vField matches v.F.
func vField(e ast.Expr) (string, bool) {
	s, ok := e.(*ast.SelectorExpr)
	if !ok || !isIdent(s.X, "v") {
		return "", false
	}
	return s.Sel.Name, true
}

func isNilGuard(s ast.Stmt) bool {
	ifs, ok := s.(*ast.IfStmt)
	return ok && ifs.Init == nil && ifs.Else == nil && exprString(ifs.Cond) == "v == nil" &&
		len(ifs.Body.List) == 1 && isReturnOf(ifs.Body.List[0], "nil")
}

func isEpilogue(s ast.Stmt) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || exprString(ifs.Cond) != "invalidParams.Len() > 0" || len(ifs.Body.List) != 1 ||
		!isReturnOf(ifs.Body.List[0], "invalidParams") {
		return false
	}
	el, ok := ifs.Else.(*ast.BlockStmt)
	return ok && len(el.List) == 1 && isReturnOf(el.List[0], "nil")
}

func contextDecl(s ast.Stmt) (string, bool) {
	as, ok := s.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || !isIdent(as.Lhs[0], "invalidParams") || len(as.Rhs) != 1 {
		return "", false
	}
	cl, ok := as.Rhs[0].(*ast.CompositeLit)
	if !ok || exprString(cl.Type) != "smithy.InvalidParamsError" || len(cl.Elts) != 1 {
		return "", false
	}
	kv, ok := cl.Elts[0].(*ast.KeyValueExpr)
	if !ok || !isIdent(kv.Key, "Context") {
		return "", false
	}
	return stringLit(kv.Value)
}

// operations lists every operation method of *Client from the api_op_*.go
// files and records whether it installs the validation middleware, so the
// ops that have no required members are known (and covered) too.
func (x *extractor) operations(dir string) ([]operation, error) {
	files, err := filepath.Glob(filepath.Join(dir, "api_op_*.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no api_op_*.go files in %s", dir)
	}
	slices.Sort(files)
	var ops []operation
	wired := map[string]bool{} // middleware types installed by some op
	for _, path := range files {
		f, err := parser.ParseFile(x.fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		opName := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "api_op_"), ".go")
		var op *operation
		var stackFn *ast.FuncDecl
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || typeName(fd.Recv.List[0].Type) != "*Client" {
				continue
			}
			switch {
			case fd.Name.Name == opName:
				if err := x.checkOpMethod(fd); err != nil {
					return nil, err
				}
				op = &operation{name: opName}
			case fd.Name.Name == "addOperation"+opName+"Middlewares":
				stackFn = fd
			case ast.IsExported(fd.Name.Name):
				return nil, fmt.Errorf("%s: unexpected exported Client method %s", x.fset.Position(fd.Pos()), fd.Name.Name)
			}
		}
		if op == nil || stackFn == nil {
			return nil, fmt.Errorf("%s: operation method or its middleware stack function not found", path)
		}
		var adds []string
		ast.Inspect(stackFn.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if fn := identName(c.Fun); strings.HasPrefix(fn, "addOp") && strings.HasSuffix(fn, "ValidationMiddleware") {
					adds = append(adds, fn)
				}
			}
			return true
		})
		switch len(adds) {
		case 0:
		case 1:
			mw, ok := x.adders[adds[0]]
			if !ok || mw != "validateOp"+opName {
				return nil, fmt.Errorf("%s: installs %s, which does not register validateOp%s", path, adds[0], opName)
			}
			op.validator = x.middleware[mw]
			wired[mw] = true
		default:
			return nil, fmt.Errorf("%s: installs %d validation middlewares", path, len(adds))
		}
		ops = append(ops, *op)
	}
	for _, mw := range x.mwTypes {
		if !wired[mw] {
			return nil, fmt.Errorf("validators.go: middleware %s is not installed by any operation", mw)
		}
	}
	return ops, nil
}

// checkOpMethod confirms the signature and that a nil input is replaced by
// an empty one before validation, which is what Check's nil handling mirrors.
func (x *extractor) checkOpMethod(fd *ast.FuncDecl) error {
	in := fd.Name.Name + "Input"
	p := fd.Type.Params.List
	if len(p) != 3 || exprString(p[1].Type) != "*"+in || len(fd.Body.List) == 0 {
		return fmt.Errorf("%s: unexpected signature for %s", x.fset.Position(fd.Pos()), fd.Name.Name)
	}
	ifs, ok := fd.Body.List[0].(*ast.IfStmt)
	if !ok || exprString(ifs.Cond) != "params == nil" || len(ifs.Body.List) != 1 ||
		exprString(ifs.Body.List[0]) != "params = &"+in+"{}" {
		return fmt.Errorf("%s: %s does not start by replacing a nil input", x.fset.Position(fd.Pos()), fd.Name.Name)
	}
	return nil
}

// link resolves references between validators and checks each one is used
// the way our emitted code assumes.
func (x *extractor) link(m *model) error {
	var errs []string
	for _, mw := range x.mwTypes {
		if x.middleware[mw] == "" {
			errs = append(errs, fmt.Sprintf("middleware %s has no recognised HandleInitialize", mw))
		}
	}
	for _, op := range m.ops {
		if op.validator == "" {
			continue
		}
		v := m.validators[op.validator]
		if v == nil || v.list || v.types || v.typ != op.name+"Input" {
			errs = append(errs, fmt.Sprintf("operation %s: validator %s missing or not for *%sInput", op.name, op.validator, op.name))
		}
	}
	for _, v := range m.validators {
		if v.list {
			if e := m.validators[v.elem]; e == nil || e.list || e.typ != v.typ || e.types != v.types {
				errs = append(errs, fmt.Sprintf("%s: element validator %s missing or of the wrong type", v.name, v.elem))
			}
		}
		for _, r := range v.rules {
			if r.kind == required {
				continue
			}
			if n := m.validators[r.nested]; n == nil || !n.types {
				errs = append(errs, fmt.Sprintf("%s: nested validator %s for %s missing", v.name, r.nested, r.field))
			}
		}
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return fmt.Errorf("inconsistent validators:\n\t%s", strings.Join(errs, "\n\t"))
	}
	return nil
}

// ---- AST helpers ----

func exprString(n ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, token.NewFileSet(), n); err != nil {
		return fmt.Sprintf("<%T>", n)
	}
	return b.String()
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func typeName(e ast.Expr) string { return exprString(e) }

// qualified accepts T (package ecr) or types.T.
func qualified(e ast.Expr) (name string, inTypes bool) {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name, false
	case *ast.SelectorExpr:
		if isIdent(e.X, "types") {
			return e.Sel.Name, true
		}
	}
	return "", false
}

func isReturnOf(s ast.Stmt, expr string) bool {
	r, ok := s.(*ast.ReturnStmt)
	return ok && len(r.Results) == 1 && exprString(r.Results[0]) == expr
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

// ---- emission ----

// checkName is our function for an SDK validator: validateTagList -> checkTagList.
func checkName(sdk string) string { return "check" + svc.prefix + strings.TrimPrefix(sdk, "validate") }

func emit(m *model, version string) ([]byte, error) {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("// Code generated by go run ./internal/gen/required; DO NOT EDIT.\n\n")
	p("// Rules derived from %s %s (validators.go).\n\n", svc.module, version)
	p("package required\n\n")
	imports := fmt.Sprintf("%q\n", svc.module)
	if usesTypes(m) {
		imports += fmt.Sprintf("%q\n", sdkTypesPath())
	}
	p("import (\n%ssmithy \"github.com/aws/smithy-go\"\n)\n\n", imports)
	if svc.prefix == "" {
		p("// sdkVersion is the ECR SDK module version the rules were derived from.\nconst sdkVersion = %q\n\n", version)
	} else {
		p("// sdkVersion%s is the %s SDK module version the rules were derived from.\nconst sdkVersion%s = %q\n\n", svc.prefix, svc.label, svc.prefix, version)
	}

	var unvalidated []string
	p("// %s routes in to its operation's check; known is false for types\n// that are not %s operation inputs.\n", svc.dispatch, svc.label)
	p("func %s(in any) (known bool, err error) {\nswitch v := in.(type) {\n", svc.dispatch)
	for _, op := range m.ops {
		if op.validator == "" {
			unvalidated = append(unvalidated, "*"+svc.pkg+"."+op.name+"Input")
			continue
		}
		p("case *%s.%sInput:\nreturn true, %s(v)\n", svc.pkg, op.name, checkName(op.validator))
	}
	if len(unvalidated) > 0 {
		p("case %s:\n// No required members: the SDK installs no validator for these.\nreturn true, nil\n", strings.Join(unvalidated, ", "))
	}
	p("}\nreturn false, nil\n}\n\n")

	// Top-level checks in operation order, then the nested checks they
	// reach, sorted by name; unreachable SDK validators are left out.
	reach := map[string]bool{}
	var visit func(string)
	visit = func(name string) {
		if reach[name] {
			return
		}
		reach[name] = true
		v := m.validators[name]
		if v.list {
			visit(v.elem)
		}
		for _, r := range v.rules {
			if r.kind != required {
				visit(r.nested)
			}
		}
	}
	for _, op := range m.ops {
		if op.validator != "" {
			visit(op.validator)
			emitStruct(p, m.validators[op.validator], true)
		}
	}
	var nestedNames []string
	for name, v := range m.validators {
		if reach[name] && v.types {
			nestedNames = append(nestedNames, name)
		}
	}
	slices.Sort(nestedNames)
	for _, name := range nestedNames {
		v := m.validators[name]
		if v.list {
			emitList(p, v)
		} else {
			emitStruct(p, v, false)
		}
	}

	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting generated code: %w\n%s", err, b.Bytes())
	}
	return src, nil
}

// usesTypes reports whether any generated check names a type of the SDK's
// types package (ecrpublic's required members are all top-level).
func usesTypes(m *model) bool {
	for _, op := range m.ops {
		if v := m.validators[op.validator]; v != nil {
			for _, r := range v.rules {
				if r.kind != required {
					return true
				}
			}
		}
	}
	return false
}

func emitStruct(p func(string, ...any), v *validator, top bool) {
	if top {
		p("func %s(v *%s.%s) error {\n", checkName(v.name), svc.pkg, v.typ)
		p("if v == nil {\nv = &%s.%s{}\n}\n", svc.pkg, v.typ)
		p("p := smithy.InvalidParamsError{Context: %q}\n", v.context)
	} else {
		p("func %s(v *types.%s) (p smithy.InvalidParamsError) {\n", checkName(v.name), v.typ)
		p("p.Context = %q\n", v.context)
	}
	for _, r := range v.rules {
		empty := "v." + r.field + " == nil"
		if r.byLen {
			empty = "len(v." + r.field + ") == 0"
		}
		call := fmt.Sprintf("n := %s(v.%s); n.Len() > 0 {\np.AddNested(%q, n)\n}\n", checkName(r.nested), r.field, r.nestedAs)
		switch r.kind {
		case required:
			p("if %s {\np.Add(smithy.NewErrParamRequired(%q))\n}\n", empty, r.name)
		case nested:
			p("if v.%s != nil {\nif %s}\n", r.field, call)
		case requiredNested:
			p("if %s {\np.Add(smithy.NewErrParamRequired(%q))\n} else if %s", empty, r.name, call)
		}
	}
	if top {
		p("return result(&p)\n}\n\n")
	} else {
		p("return p\n}\n\n")
	}
}

func emitList(p func(string, ...any), v *validator) {
	p("func %s(v []types.%s) (p smithy.InvalidParamsError) {\n", checkName(v.name), v.typ)
	p("p.Context = %q\n", v.context)
	p("for i := range v {\nif n := %s(&v[i]); n.Len() > 0 {\np.AddNested(indexContext(i), n)\n}\n}\n", checkName(v.elem))
	p("return p\n}\n\n")
}
