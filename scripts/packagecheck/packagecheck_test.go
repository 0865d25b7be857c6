//go:build packaging

// Package packagecheck checks the artifacts `make package` leaves in
// build/dist as a user would meet them: the .deb's metadata and files, the
// .deb installed into a scratch dpkg root (and removed again), the portable
// tar.gz unpacked and run, and the Windows .exe read as a PE file. Run it
// with `make test-package` (the build tag keeps it out of `go test ./...`,
// which has no packages to look at).
package packagecheck

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"debug/elf"
	"debug/pe"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var hicolorSizes = []string{"16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512"}

const (
	desktopPath  = "/usr/share/applications/penguinmails-console.desktop"
	metainfoPath = "/usr/share/metainfo/com.penguinmails.Console.metainfo.xml"
)

// build is the version and commit the artifacts must carry: what make
// passed (PM_VERSION/PM_COMMIT), else wails.json's version and HEAD.
func build(t *testing.T) (version, commit string) {
	t.Helper()
	version, commit = os.Getenv("PM_VERSION"), os.Getenv("PM_COMMIT")
	if version == "" {
		b, err := os.ReadFile("../../wails.json")
		if err != nil {
			t.Fatal(err)
		}
		var w struct {
			Info struct {
				ProductVersion string `json:"productVersion"`
			} `json:"info"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		version = w.Info.ProductVersion
	}
	if commit == "" {
		commit = strings.TrimSpace(run(t, "git", "rev-parse", "--short=12", "HEAD"))
	}
	return version, commit
}

func dist(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "build", "dist", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s: %v (run make package first)", p, err)
	}
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// checkBinary runs the packaged binary's --version and checks it is the
// desktop build (linked against WebKitGTK 4.1), not a window-less one.
func checkBinary(t *testing.T, bin, version, commit string) {
	t.Helper()
	got := run(t, bin, "--version")
	want := "penguinmails-console " + version + " (commit " + commit
	if !strings.HasPrefix(got, want) {
		t.Errorf("%s --version = %q, want it to start with %q", bin, got, want)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(libs, " "), "libwebkit2gtk-4.1.so") {
		t.Errorf("%s links %v: not the Wails desktop build (no WebKitGTK 4.1)", bin, libs)
	}
}

// TestChecksums: SHA256SUMS names every artifact and sha256sum -c agrees.
func TestChecksums(t *testing.T) {
	version, _ := build(t)
	sums, err := os.ReadFile(dist(t, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"penguinmails-console_" + version + "_amd64.deb",
		"penguinmails-console-" + version + "-linux-amd64.tar.gz", "penguinmails-console-" + version + "-windows-amd64.exe"} {
		if !strings.Contains(string(sums), "  "+name+"\n") {
			t.Errorf("SHA256SUMS lacks %s", name)
		}
	}
	cmd := exec.Command("sha256sum", "-c", "--strict", "SHA256SUMS")
	cmd.Dir = filepath.Dir(dist(t, "SHA256SUMS"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}
}

func TestDebMetadata(t *testing.T) {
	version, _ := build(t)
	deb := dist(t, "penguinmails-console_"+version+"_amd64.deb")
	fields := map[string]string{}
	for _, f := range []string{"Package", "Version", "Architecture", "Depends"} {
		fields[f] = strings.TrimSpace(run(t, "dpkg-deb", "-f", deb, f))
	}
	if fields["Package"] != "penguinmails-console" || fields["Version"] != version || fields["Architecture"] != "amd64" {
		t.Errorf("control fields %v", fields)
	}
	for _, dep := range []string{"libwebkit2gtk-4.1-0", "libgtk-3-0"} {
		if !strings.Contains(fields["Depends"], dep) {
			t.Errorf("Depends %q lacks %s", fields["Depends"], dep)
		}
	}
	listing := run(t, "dpkg-deb", "-c", deb)
	want := []string{"./usr/bin/penguinmails-console", "." + desktopPath, "." + metainfoPath}
	for _, s := range hicolorSizes {
		want = append(want, "./usr/share/icons/hicolor/"+s+"/apps/penguinmails-console.png")
	}
	for _, w := range want {
		if !strings.Contains(listing, " "+w+"\n") {
			t.Errorf("the .deb lacks %s", w)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(listing), "\n") {
		if strings.HasPrefix(line, "d") && !strings.HasPrefix(line, "drwxr-xr-x") {
			t.Errorf("a directory others cannot enter: %s", line)
		}
	}
	// apt resolves the dependencies from Debian's own package names.
	abs, _ := filepath.Abs(deb)
	if out, err := exec.Command("apt-get", "install", "-s", abs).CombinedOutput(); err != nil {
		t.Errorf("apt-get install -s %s: %v\n%s", deb, err, out)
	} else if !strings.Contains(string(out), "Inst penguinmails-console") {
		t.Errorf("apt would not install it:\n%s", out)
	}
}

// TestDebInstallsAndRemoves installs the .deb with dpkg into a scratch root
// (its own dpkg database; the WebKitGTK and GTK dependencies live on the
// host, so they are not checked there), runs the installed binary, checks
// the desktop entry and metainfo with Debian's validators, and removes it.
func TestDebInstallsAndRemoves(t *testing.T) {
	version, commit := build(t)
	deb, _ := filepath.Abs(dist(t, "penguinmails-console_"+version+"_amd64.deb"))
	root := t.TempDir()
	for _, d := range []string{"info", "updates", "triggers"} {
		if err := os.MkdirAll(filepath.Join(root, "var/lib/dpkg", d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "var/lib/dpkg/status"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dpkg := func(args ...string) string {
		return run(t, "dpkg", append([]string{"--root=" + root, "--force-depends", "--force-script-chrootless"}, args...)...)
	}
	dpkg("-i", deb)
	if st := dpkg("-s", "penguinmails-console"); !strings.Contains(st, "Status: install ok installed") {
		t.Fatalf("after dpkg -i:\n%s", st)
	}
	checkBinary(t, filepath.Join(root, "usr/bin/penguinmails-console"), version, commit)
	run(t, "desktop-file-validate", filepath.Join(root, desktopPath))
	run(t, "appstreamcli", "validate", "--no-net", filepath.Join(root, metainfoPath))
	desktop, err := os.ReadFile(filepath.Join(root, desktopPath))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"Exec=penguinmails-console", "Icon=penguinmails-console", "StartupWMClass=penguinmails-console"} {
		if !strings.Contains(string(desktop), line+"\n") {
			t.Errorf("desktop entry lacks %q", line)
		}
	}

	dpkg("-r", "penguinmails-console")
	var left []string
	_ = filepath.Walk(filepath.Join(root, "usr"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("dpkg -r left files behind: %v", left)
	}
}

func TestTarGz(t *testing.T) {
	version, commit := build(t)
	name := "penguinmails-console-" + version + "-linux-amd64"
	f, err := os.Open(dist(t, name+".tar.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seen := map[string]bool{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		seen[h.Name] = true
		if h.Typeflag != tar.TypeReg || h.Name != name+"/penguinmails-console" {
			continue
		}
		bin := filepath.Join(dir, "penguinmails-console")
		out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, tr); err != nil {
			t.Fatal(err)
		}
		out.Close()
		if h.Mode&0o111 == 0 {
			t.Errorf("the binary in the tar.gz is not executable (mode %o)", h.Mode)
		}
	}
	want := []string{name + "/penguinmails-console", name + "/penguinmails-console.desktop", name + "/INSTALL.txt"}
	for _, s := range hicolorSizes {
		want = append(want, name+"/icons/hicolor/"+s+"/apps/penguinmails-console.png")
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("the tar.gz lacks %s", w)
		}
	}
	checkBinary(t, filepath.Join(dir, "penguinmails-console"), version, commit)
}

// TestWindowsExe cannot run the .exe here; it checks it is an amd64 GUI
// PE executable that carries this build's version and commit.
func TestWindowsExe(t *testing.T) {
	version, commit := build(t)
	path := dist(t, "penguinmails-console-"+version+"-windows-amd64.exe")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("MZ")) {
		t.Fatalf("%s does not start with MZ", path)
	}
	f, err := pe.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not a PE file: %v", path, err)
	}
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine %#x, want amd64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatalf("not PE32+ (%T)", f.OptionalHeader)
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("subsystem %d, want the Windows GUI (no console window behind the app)", oh.Subsystem)
	}
	if f.FileHeader.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 {
		t.Error("not marked executable")
	}
	for _, s := range []string{version, commit, "WebView2"} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("the .exe does not carry %q", s)
		}
	}
	// The resource section: the version Explorer shows (UTF-16), the icon,
	// and the GUI manifest.
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		t.Fatal("no .rsrc section: no icon, version or manifest")
	}
	data, err := rsrc.Data()
	if err != nil {
		t.Fatal(err)
	}
	for what, s := range map[string][]byte{
		"the version resource": utf16("PenguinMails Developer Console " + version + " (commit " + commit + ")"),
		"the product version":  utf16("ProductVersion"),
		"the manifest":         []byte("Microsoft.Windows.Common-Controls"),
		"an icon image":        []byte("\x89PNG"),
	} {
		if !bytes.Contains(data, s) {
			t.Errorf(".rsrc lacks %s", what)
		}
	}
}

func utf16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}
