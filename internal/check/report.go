package check

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/croschema/croschema/internal/inert"
)

// A Report is what a run found.
type Report struct {
	Seed      int64
	Requests  int           // requests sent, shrinking included
	Shrinking int           // of which shrinking failures
	Elapsed   time.Duration // from the first request to the last answer
	Stopped   string        // what ended the run: "its request budget", "its time budget", "nothing left to try", ...
	Err       error         // what kept the run from judging the server (ConnError, SetupError), or nil
	Failures  []*Failure    // each distinct cause once, in the order found
	Results   []Result      // every check, in report order

	target Target
	cfg    Config
}

// A Failure is one distinct way the server breaks one check: its cause,
// and the smallest requests found that show it.
type Failure struct {
	Check      *Check
	Cause      string // what broke; unique within a check
	Expected   string
	Got        string
	Steps      []Step // the requests that show it; the last one's answer fails
	Count      int    // the answers of the run that showed it
	ShrunkFrom string // the size of the request first seen, when a smaller one shows it: "6 headers and a 212-byte body"
}

// A Step is one request of a failure, with the status it got (0: none).
type Step struct {
	Request *Request
	Status  int
	Note    string // what it is for, such as "reads the contact back"
}

// Result is the tally of one check.
type Result struct {
	Check   *Check
	Passed  int    // answers it judged right
	Failed  int    // answers it judged wrong
	Skipped string // why it judged nothing, or ""
}

// Failed reports whether the run found a failure.
func (r *Report) Failed() bool { return len(r.Failures) > 0 }

// Plan returns what a run of cfg against base will do, in a few lines, for
// the start of its output.
func Plan(base string, cfg Config) (string, error) {
	if err := cfg.norm(); err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "crolint check %s\n", base)
	fmt.Fprintf(&b, "  seed %d (-seed %d repeats this run's choices)\n", cfg.Seed, cfg.Seed)
	b.WriteString("  budget: " + strconv.Itoa(cfg.Requests) + " requests")
	if cfg.Duration > 0 {
		b.WriteString(" or " + cfg.Duration.String() + ", whichever ends first")
	}
	if cfg.Rate > 0 {
		b.WriteString(", at most " + strconv.FormatFloat(cfg.Rate, 'g', -1, 64) + " a second")
	}
	b.WriteString(", one at a time\n")
	b.WriteString("  tokens: " + tokenNames(cfg) + "; tenant " + itoa(cfg.Tenant) + "\n")
	if len(cfg.Customers) == 0 {
		b.WriteString("  creates no contact (no -customer): the checks that need one are skipped\n")
	} else {
		ids := make([]string, len(cfg.Customers))
		for i, c := range cfg.Customers {
			ids[i] = itoa(c)
		}
		b.WriteString("  creates contacts only under customer " + strings.Join(ids, ", ") + ", and changes only those it created\n")
	}
	b.WriteString("  sends PATCH, PUT and DELETE only to its own contacts and to ids from " + itoa(neverBase) + " up, which no server has given\n")
	n, docs := 0, 0
	for _, c := range checks {
		if cfg.Checks(c) {
			n++
			if c.Tag == Docs {
				docs++
			}
		}
	}
	fmt.Fprintf(&b, "  checks: %d of %d (%d stated by the docs, %d decisions of RULES.md)\n", n, len(checks), docs, n-docs)
	return cfg.secrets().String(b.String()), nil
}

func tokenNames(cfg Config) string {
	var names []string
	for i := range cfg.Tokens {
		t := &cfg.Tokens[i]
		name := "main"
		if t.Role != 0 {
			name = t.Role.String()
		}
		names = append(names, name+" ($"+tokenVar(t)+")")
	}
	return strings.Join(names, ", ")
}

// Text returns the report as WriteText writes it.
func (r *Report) Text() string {
	var b strings.Builder
	r.WriteText(&b)
	return b.String()
}

// WriteText writes every failure, then the table of checks and the
// result. No token, nor any 4-character run of one, is written.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	if r.Err != nil {
		b.WriteString("ERROR: " + inert.Text(r.Err.Error()) + "\n\n")
	}
	for _, f := range r.Failures {
		r.writeFailure(&b, f)
		b.WriteString("\n")
	}
	r.writeTable(&b)
	b.WriteString(r.Summary() + "\n")
	_, err := io.WriteString(w, r.cfg.secrets().String(b.String()))
	return err
}

// FailuresText returns the failures and the summary line, without the
// table of checks.
func (r *Report) FailuresText() string {
	var b strings.Builder
	if r.Err != nil {
		b.WriteString("ERROR: " + inert.Text(r.Err.Error()) + "\n\n")
	}
	for _, f := range r.Failures {
		r.writeFailure(&b, f)
		b.WriteString("\n")
	}
	b.WriteString(r.Summary() + "\n")
	return r.cfg.secrets().String(b.String())
}

// FailureText returns one failure as WriteText writes it.
func (r *Report) FailureText(f *Failure) string {
	var b strings.Builder
	r.writeFailure(&b, f)
	return r.cfg.secrets().String(b.String())
}

func (r *Report) writeFailure(b *strings.Builder, f *Failure) {
	fmt.Fprintf(b, "FAIL %s [%s]: %s\n", f.Check.Name, f.Check.Tag, inert.Text(f.Cause))
	fmt.Fprintf(b, "    %s\n", f.Check.Doc)
	seen := "seen once"
	if f.Count > 1 {
		seen = "seen " + strconv.Itoa(f.Count) + " times"
	}
	if f.ShrunkFrom != "" {
		seen += "; shrunk from " + f.ShrunkFrom
	}
	if len(f.Steps) == 1 {
		fmt.Fprintf(b, "    request (%s):\n", seen)
		r.writeRequest(b, f.Steps[0].Request, "      ")
	} else {
		fmt.Fprintf(b, "    requests, the last one fails (%s):\n", seen)
		for i, st := range f.Steps {
			status := "no answer"
			if st.Status != 0 {
				status = strconv.Itoa(st.Status)
			}
			note := ""
			if st.Note != "" {
				note = " (" + st.Note + ")"
			}
			fmt.Fprintf(b, "      %d. answered %s%s\n", i+1, status, note)
			r.writeRequest(b, st.Request, "         ")
		}
	}
	fmt.Fprintf(b, "    expected: %s\n", inert.Text(f.Expected))
	fmt.Fprintf(b, "    got:      %s\n", inert.Text(f.Got))
	b.WriteString("    reproduce:\n")
	for _, st := range f.Steps {
		b.WriteString("      " + st.Request.curl(r.target.URL(st.Request.Path), r.cfg.Tokens) + "\n")
	}
}

// writeRequest writes r as an HTTP message, the tokens as $VAR.
func (r *Report) writeRequest(b *strings.Builder, req *Request, indent string) {
	b.WriteString(indent + inert.Text(req.Method) + " " + inert.Text(req.Path) + "\n")
	for _, f := range req.Header {
		v := curlHeader(f, r.cfg.Tokens)
		if strings.HasPrefix(v, `"`) { // a token as $VAR
			v = strings.Trim(v, `"`)
		} else {
			v = f.Name + ": " + strconv.Quote(f.Value)[1:len(strconv.Quote(f.Value))-1]
			if printable(f.Value) {
				v = f.Name + ": " + f.Value
			}
		}
		b.WriteString(indent + inert.Text(v) + "\n")
	}
	if req.bodyLen() > 0 {
		b.WriteString(indent + "\n" + indent + bodyText(req) + "\n")
	}
}

// bodyText renders a request body on one line, cut to a readable length.
func bodyText(r *Request) string {
	body := r.Body
	more := ""
	if len(body) > 2000 {
		body, more = body[:2000], "... ("+strconv.Itoa(len(r.Body))+" bytes)"
	}
	t := inert.Text(string(body)) + more
	if r.Pad > 0 {
		t += " and " + strconv.Itoa(r.Pad) + " spaces"
	}
	return t
}

func (r *Report) writeTable(b *strings.Builder) {
	fmt.Fprintf(b, "%-20s %-9s %7s %7s  %s\n", "check", "tag", "passed", "failed", "skipped")
	var unselected []string
	for _, res := range r.Results {
		if res.Skipped == "not selected" {
			unselected = append(unselected, res.Check.Name)
			continue
		}
		fmt.Fprintf(b, "%-20s %-9s %7d %7d  %s\n", res.Check.Name, res.Check.Tag, res.Passed, res.Failed, res.Skipped)
	}
	if len(unselected) > 0 {
		b.WriteString("not selected: " + strings.Join(unselected, ", ") + "\n")
	}
}

// plural returns "1 failure", "2 failures".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Summary returns the one-line result.
func (r *Report) Summary() string {
	verdict := "PASS"
	switch {
	case r.Err != nil:
		verdict = "ERROR"
	case r.Failed():
		verdict = "FAIL"
	}
	failing := map[*Check]bool{}
	for _, f := range r.Failures {
		failing[f.Check] = true
	}
	passed, skipped := 0, 0
	for _, res := range r.Results {
		switch {
		case failing[res.Check]:
		case res.Skipped != "":
			skipped++
		default:
			passed++
		}
	}
	t := fmt.Sprintf("%s: %d passed, %d failed, %d skipped of %s, %s; %s (%d shrinking) in %v; seed %d",
		verdict, passed, len(failing), skipped, plural(len(r.Results), "check"), plural(len(r.Failures), "distinct failure"),
		plural(r.Requests, "request"), r.Shrinking, r.Elapsed.Round(time.Millisecond), r.Seed)
	if r.Stopped != "" {
		t += "; stopped at " + r.Stopped
	}
	return t
}

// jsonRequest is a request in the JSON lines output.
type jsonRequest struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header [][2]string `json:"header"`
	Body   string      `json:"body,omitempty"`
	Pad    int         `json:"pad,omitempty"`
	Status int         `json:"status"`
	Note   string      `json:"note,omitempty"`
}

// WriteJSONL writes the report as JSON lines: one {"type":"failure"} per
// failure, one {"type":"check"} per check, then one {"type":"summary"}.
// Tokens are written as $VAR, and no 4-character run of one is written.
func (r *Report) WriteJSONL(w io.Writer) error {
	secrets := r.cfg.secrets()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, f := range r.Failures {
		rec := struct {
			Type     string        `json:"type"`
			Check    string        `json:"check"`
			Tag      string        `json:"tag"`
			Cause    string        `json:"cause"`
			Expected string        `json:"expected"`
			Got      string        `json:"got"`
			Count    int           `json:"count"`
			Shrunk   string        `json:"shrunk_from,omitempty"`
			Requests []jsonRequest `json:"requests"`
			Curl     []string      `json:"curl"`
		}{Type: "failure", Check: f.Check.Name, Tag: f.Check.Tag.String(), Cause: f.Cause, Expected: f.Expected,
			Got: f.Got, Count: f.Count, Shrunk: f.ShrunkFrom}
		for _, st := range f.Steps {
			jr := jsonRequest{Method: st.Request.Method, URL: r.target.URL(st.Request.Path), Body: string(st.Request.Body),
				Pad: st.Request.Pad, Status: st.Status, Note: st.Note}
			for _, h := range st.Request.Header {
				v := curlHeader(h, r.cfg.Tokens)
				if strings.HasPrefix(v, `"`) {
					_, v, _ = strings.Cut(strings.Trim(v, `"`), ": ")
				} else {
					v = h.Value
				}
				jr.Header = append(jr.Header, [2]string{h.Name, secrets.String(v)})
			}
			jr.Body = secrets.String(jr.Body)
			rec.Requests = append(rec.Requests, jr)
			rec.Curl = append(rec.Curl, secrets.String(st.Request.curl(r.target.URL(st.Request.Path), r.cfg.Tokens)))
		}
		rec.Expected, rec.Got, rec.Cause = secrets.String(rec.Expected), secrets.String(rec.Got), secrets.String(rec.Cause)
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	for _, res := range r.Results {
		enc.Encode(struct {
			Type    string `json:"type"`
			Check   string `json:"check"`
			Tag     string `json:"tag"`
			Doc     string `json:"doc"`
			Passed  int    `json:"passed"`
			Failed  int    `json:"failed"`
			Skipped string `json:"skipped,omitempty"`
		}{"check", res.Check.Name, res.Check.Tag.String(), res.Check.Doc, res.Passed, res.Failed, res.Skipped})
	}
	errText := ""
	if r.Err != nil {
		errText = secrets.String(r.Err.Error())
	}
	enc.Encode(struct {
		Type      string  `json:"type"`
		Result    string  `json:"result"`
		Failures  int     `json:"failures"`
		Requests  int     `json:"requests"`
		Shrinking int     `json:"shrinking"`
		Seconds   float64 `json:"seconds"`
		Seed      int64   `json:"seed"`
		Stopped   string  `json:"stopped,omitempty"`
		Error     string  `json:"error,omitempty"`
	}{"summary", strings.SplitN(r.Summary(), ":", 2)[0], len(r.Failures), r.Requests, r.Shrinking,
		r.Elapsed.Seconds(), r.Seed, r.Stopped, errText})
	_, err := io.WriteString(w, secrets.String(b.String()))
	return err
}

// WriteJUnit writes the report as JUnit XML, one test case per check:
// failed with every failure's text, skipped with the reason, or passed.
func (r *Report) WriteJUnit(w io.Writer) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type skipped struct {
		Message string `xml:"message,attr"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Time      string   `xml:"time,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		Skipped   *skipped `xml:"skipped,omitempty"`
	}
	type testsuite struct {
		XMLName  xml.Name   `xml:"testsuite"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Time     string     `xml:"time,attr"`
		Cases    []testcase `xml:"testcase"`
		Out      string     `xml:"system-out"`
	}
	ts := testsuite{Name: "crolint check", Time: strconv.FormatFloat(r.Elapsed.Seconds(), 'f', 3, 64), Out: r.Summary()}
	if r.Err != nil {
		ts.Errors = 1
		ts.Out = r.Err.Error() + "\n" + ts.Out
	}
	for _, res := range r.Results {
		tc := testcase{Name: res.Check.Name, Classname: "crolint.check." + res.Check.Tag.String(), Time: "0"}
		var texts []string
		var first string
		for _, f := range r.Failures {
			if f.Check == res.Check {
				if first == "" {
					first = f.Cause
				}
				texts = append(texts, r.FailureText(f))
			}
		}
		switch {
		case len(texts) > 0:
			msg := first
			if len(texts) > 1 {
				msg = strconv.Itoa(len(texts)) + " failures; the first: " + first
			}
			tc.Failure = &failure{Message: msg, Type: res.Check.Tag.String(), Text: strings.Join(texts, "\n")}
			ts.Failures++
		case res.Skipped != "":
			tc.Skipped = &skipped{Message: res.Skipped}
			ts.Skipped++
		}
		ts.Cases = append(ts.Cases, tc)
	}
	ts.Tests = len(ts.Cases)
	data, err := xml.MarshalIndent(ts, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, r.cfg.secrets().String(xml.Header+string(data)+"\n"))
	return err
}
