package tester

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/penguinmails/console/backend/apikey"
)

// ParseCurl turns a pasted cURL command into a tester request. It reads the
// command the way a POSIX shell would split it (quotes, backslash escapes,
// line continuations, $'…' strings, and the `--data @- <<EOF` here-document
// httpsnippet itself writes), then the curl options that shape a request.
// Options that only change curl's output (-s, -v, -i, -L, --compressed, …)
// are accepted and ignored; anything else unknown is an error naming it.
func ParseCurl(text string) (*Request, error) {
	pw, heredoc, err := shellWords(text)
	if err != nil {
		return nil, &Error{Field: "curl", Message: err.Error()}
	}
	words := make([]string, len(pw))
	for i, w := range pw {
		words[i] = w.text
	}
	if len(words) == 0 || words[0] != "curl" {
		return nil, &Error{Field: "curl", Message: "Paste a command that starts with curl"}
	}
	req := &Request{}
	urlAt := 0
	var data []string
	explicitMethod, getMode := "", false
	fail := func(i int, format string, args ...any) error {
		return &Error{Field: "curl", Message: fmt.Sprintf(format, args...) + fmt.Sprintf(" (at character %d)", pw[i].pos)}
	}
	next := func(i *int, opt string) (string, error) {
		if *i+1 >= len(words) {
			return "", fail(*i, "%s needs a value", opt)
		}
		*i++
		return words[*i], nil
	}
	for i := 1; i < len(words); i++ {
		w := words[i]
		opt, val, hasVal := w, "", false
		if strings.HasPrefix(w, "--") {
			if k, v, ok := strings.Cut(w, "="); ok {
				opt, val, hasVal = k, v, true
			}
		} else if len(w) > 2 && w[0] == '-' && strings.ContainsRune("XHduAbe", rune(w[1])) {
			opt, val, hasVal = w[:2], w[2:], true // -XPOST, -H'…'
		}
		value := func() (string, error) {
			if hasVal {
				return val, nil
			}
			return next(&i, opt)
		}
		switch opt {
		case "-X", "--request":
			v, err := value()
			if err != nil {
				return nil, err
			}
			explicitMethod = strings.ToUpper(v)
		case "--url":
			v, err := value()
			if err != nil {
				return nil, err
			}
			req.URL, urlAt = v, i
		case "-H", "--header":
			v, err := value()
			if err != nil {
				return nil, err
			}
			name, hv, ok := strings.Cut(v, ":")
			if !ok {
				return nil, fail(i, "Header %q has no colon", v)
			}
			req.Headers = append(req.Headers, Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(hv)})
		case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json", "--data-urlencode":
			v, err := value()
			if err != nil {
				return nil, err
			}
			if v == "@-" {
				v = heredoc
			} else if strings.HasPrefix(v, "@") && opt != "--data-raw" {
				return nil, fail(i, "%s %s reads a file; paste the body itself instead", opt, v)
			}
			if opt == "--data-urlencode" {
				v = urlencodeData(v)
			}
			if opt == "--json" {
				setDefaultHeader(req, "Content-Type", "application/json")
				setDefaultHeader(req, "Accept", "application/json")
			}
			data = append(data, v)
		case "-u", "--user":
			v, err := value()
			if err != nil {
				return nil, err
			}
			req.Headers = append(req.Headers, Header{Name: "Authorization", Value: "Basic " + base64.StdEncoding.EncodeToString([]byte(v))})
		case "-A", "--user-agent":
			v, err := value()
			if err != nil {
				return nil, err
			}
			req.Headers = append(req.Headers, Header{Name: "User-Agent", Value: v})
		case "-b", "--cookie":
			v, err := value()
			if err != nil {
				return nil, err
			}
			req.Headers = append(req.Headers, Header{Name: "Cookie", Value: v})
		case "-e", "--referer":
			v, err := value()
			if err != nil {
				return nil, err
			}
			req.Headers = append(req.Headers, Header{Name: "Referer", Value: v})
		case "-G", "--get":
			getMode = true
		case "-I", "--head":
			explicitMethod = "HEAD"
		case "-s", "--silent", "-S", "--show-error", "-v", "--verbose", "-i", "--include", "-L", "--location",
			"-k", "--insecure", "--compressed", "-f", "--fail", "-sS", "-Ss", "-sSL", "-sL", "--http1.1", "--http2", "-g", "--globoff":
		case "-o", "--output", "-m", "--max-time", "--connect-timeout", "-w", "--write-out", "--retry":
			if !hasVal {
				if _, err := next(&i, opt); err != nil {
					return nil, err
				}
			}
		default:
			if strings.HasPrefix(w, "-") {
				return nil, fail(i, "The tester does not understand the curl option %s", opt)
			}
			if req.URL != "" {
				return nil, fail(i, "Two URLs (%s and %s): the tester sends one request", req.URL, w)
			}
			req.URL, urlAt = w, i
		}
	}
	if req.URL == "" {
		return nil, &Error{Field: "curl", Message: "The command has no URL"}
	}
	if err := checkURL(req.URL); err != nil {
		return nil, fail(urlAt, "%s", err.Error())
	}
	body := strings.Join(data, "&")
	switch {
	case getMode && body != "":
		sep := "?"
		if strings.Contains(req.URL, "?") {
			sep = "&"
		}
		req.URL += sep + body
		req.Method = "GET"
	case explicitMethod != "":
		req.Method, req.Body = explicitMethod, body
	case len(data) > 0:
		req.Method, req.Body = "POST", body
		setDefaultHeader(req, "Content-Type", "application/x-www-form-urlencoded")
	default:
		req.Method = "GET"
	}
	keyApart(req)
	return req, nil
}

// keyApart reads the command's Authorization header with the gateway's
// rules, so the UI keeps no copy of the key format: a bearer token that is a
// well-formed PenguinMails key is also returned in Key (the header stays as
// written; the UI asks which of the tenant's keys it is), and a masked key
// (copied from a log or a shared snippet) is dropped, since it can never
// authenticate: the key picked in the tester is sent instead. The headers
// come back as a list even when there are none (the UI's type says a list,
// not null).
func keyApart(req *Request) {
	kept := make([]Header, 0, len(req.Headers))
	for _, h := range req.Headers {
		if f := strings.Fields(h.Value); strings.EqualFold(h.Name, "Authorization") && len(f) == 2 && strings.EqualFold(f[0], "Bearer") {
			if apikey.IsMasked(f[1]) {
				continue
			}
			if _, ok := apikey.ParseKey(f[1]); ok && req.Key == "" {
				req.Key = f[1]
			}
		}
		kept = append(kept, h)
	}
	req.Headers = kept
}

func setDefaultHeader(req *Request, name, value string) {
	for _, h := range req.Headers {
		if strings.EqualFold(h.Name, name) {
			return
		}
	}
	req.Headers = append(req.Headers, Header{Name: name, Value: value})
}

// urlencodeData follows curl's --data-urlencode forms: "content", "=content",
// "name=content".
func urlencodeData(v string) string {
	name, content, ok := strings.Cut(v, "=")
	if !ok {
		return url.QueryEscape(v)
	}
	if name == "" {
		return url.QueryEscape(content)
	}
	return name + "=" + url.QueryEscape(content)
}

// checkURL refuses what curl would not send as one absolute http(s) URL
// (a stray quote elsewhere often leaves spaces or options inside it).
func checkURL(raw string) error {
	if i := strings.IndexAny(raw, " \t\n"); i >= 0 {
		return fmt.Errorf("The URL %q has a space in it: is a quote missing?", raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("The URL %q is not valid", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("The URL %q must start with http:// or https:// and name a host", raw)
	}
	return nil
}

// word is one shell word and the character (1-based) it starts at.
type word struct {
	text string
	pos  int
}

// shellWords splits a command line as sh does for the words a cURL command
// uses. A here-document (<<EOF … EOF, <<'EOF', <<-EOF) ends the command; its
// text is returned separately as what "@-" reads. Errors name the character
// (counted from 1) where the problem starts.
func shellWords(s string) (words []word, heredoc string, err error) {
	var cur strings.Builder
	inWord, start := false, 0
	begin := func(i int) {
		if !inWord {
			inWord, start = true, i+1
		}
	}
	flush := func() {
		if inWord {
			words = append(words, word{cur.String(), start})
			cur.Reset()
			inWord = false
		}
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\\':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				i++ // line continuation
				continue
			}
			if i+2 < len(rs) && rs[i+1] == '\r' && rs[i+2] == '\n' {
				i += 2
				continue
			}
			if i+1 >= len(rs) {
				return nil, "", fmt.Errorf("A backslash at character %d ends the command and escapes nothing", i+1)
			}
			begin(i)
			i++
			cur.WriteRune(rs[i])
		case c == '\'':
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j >= len(rs) {
				return nil, "", fmt.Errorf("Unclosed ' quote at character %d", i+1)
			}
			begin(i)
			cur.WriteString(string(rs[i+1 : j]))
			i = j
		case c == '$' && i+1 < len(rs) && rs[i+1] == '\'':
			j, str, perr := ansiC(rs, i+2)
			if perr != nil {
				return nil, "", fmt.Errorf("Unclosed $' quote at character %d", i+1)
			}
			begin(i)
			cur.WriteString(str)
			i = j
		case c == '"':
			begin(i)
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\"\\$`\n", rs[j+1]) {
					j++
					if rs[j] != '\n' {
						cur.WriteRune(rs[j])
					}
					continue
				}
				cur.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, "", fmt.Errorf("Unclosed \" quote at character %d", i+1)
			}
			i = j
		case c == '<' && !inWord && i+1 < len(rs) && rs[i+1] == '<':
			flush()
			doc, herr := readHeredoc(rs[i+2:])
			if herr != nil {
				return nil, "", fmt.Errorf("%v (the here-document starts at character %d)", herr, i+1)
			}
			return words, doc, nil
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
		case c == '#' && !inWord:
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		default:
			begin(i)
			cur.WriteRune(c)
		}
	}
	flush()
	return words, "", nil
}

func readHeredoc(rs []rune) (string, error) {
	s := string(rs)
	line, rest, _ := strings.Cut(s, "\n")
	line = strings.TrimSpace(line)
	trimTabs := strings.HasPrefix(line, "-")
	delim := strings.Trim(strings.TrimPrefix(line, "-"), `'"`)
	if delim == "" {
		return "", fmt.Errorf("A here-document (<<) has no end marker")
	}
	var body []string
	for _, l := range strings.Split(rest, "\n") {
		l = strings.TrimRight(l, "\r")
		if trimTabs {
			l = strings.TrimLeft(l, "\t")
		}
		if strings.TrimSpace(l) == delim {
			return strings.Join(body, "\n"), nil
		}
		body = append(body, l)
	}
	return "", fmt.Errorf("The here-document never reaches its end marker %s", delim)
}

// ansiC reads a $'…' string from rs[start:], returning the index of the
// closing quote.
func ansiC(rs []rune, start int) (int, string, error) {
	var b strings.Builder
	for j := start; j < len(rs); j++ {
		switch rs[j] {
		case '\'':
			return j, b.String(), nil
		case '\\':
			if j+1 >= len(rs) {
				break
			}
			j++
			switch rs[j] {
			case 'n':
				b.WriteRune('\n')
			case 't':
				b.WriteRune('\t')
			case 'r':
				b.WriteRune('\r')
			case '\\', '\'', '"':
				b.WriteRune(rs[j])
			default:
				b.WriteRune('\\')
				b.WriteRune(rs[j])
			}
		default:
			b.WriteRune(rs[j])
		}
	}
	return 0, "", fmt.Errorf("unclosed $' quote")
}
