package findings

import (
	"fmt"
	"strconv"
)

// distro is an operating system distribution the generator draws images from.
type distro struct {
	platform string // Inspector's platform name
	source   string // the vulnerability source Inspector cites
	tracker  string // the distribution's security tracker page of a CVE (%s)
	family   string // deb, rpm or apk: decides package architecture names
	packages []pkg
}

// pkg is an installed package: version and release as the package manager
// reports them.
type pkg struct {
	name, version, release string
	epoch                  int32
}

func (d *distro) url(id string) string { return fmt.Sprintf(d.tracker, id) }

// arch names an image architecture the way the distribution's packages do.
func (d *distro) arch(imageArch string) string {
	if d.family == "deb" {
		return imageArch
	}
	switch imageArch {
	case "amd64":
		return "x86_64"
	case "arm64":
		return "aarch64"
	}
	return imageArch
}

// full is the package version as basic scanning reports it:
// [epoch:]version-release.
func (p pkg) full() string {
	v := p.version + "-" + p.release
	if p.epoch > 0 {
		v = strconv.Itoa(int(p.epoch)) + ":" + v
	}
	return v
}

// fixed is the version that fixes a vulnerability of p: the next release.
func (p pkg) fixed() string {
	next := p
	next.release = bumpLastNumber(p.release)
	return next.full()
}

// bumpLastNumber increments the last run of digits in s ("1~deb12u2" →
// "1~deb12u3", "r9" → "r10"), or appends ".1" when s has none.
func bumpLastNumber(s string) string {
	end := len(s)
	for end > 0 && (s[end-1] < '0' || s[end-1] > '9') {
		end--
	}
	if end == 0 {
		return s + ".1"
	}
	start := end
	for start > 0 && s[start-1] >= '0' && s[start-1] <= '9' {
		start--
	}
	n, err := strconv.Atoi(s[start:end])
	if err != nil {
		return s + ".1"
	}
	return s[:start] + strconv.Itoa(n+1) + s[end:]
}

var distros = []distro{
	{
		platform: "DEBIAN_12", source: "DEBIAN_CVE", family: "deb",
		tracker: "https://security-tracker.debian.org/tracker/%s",
		packages: []pkg{
			{"openssl", "3.0.11", "1~deb12u2", 0},
			{"glibc", "2.36", "9+deb12u3", 0},
			{"zlib", "1.2.13.dfsg", "1", 1},
			{"curl", "7.88.1", "10+deb12u5", 0},
			{"perl", "5.36.0", "7+deb12u1", 0},
			{"ncurses", "6.4", "4", 0},
			{"systemd", "252.22", "1~deb12u1", 0},
			{"tar", "1.34+dfsg", "1.2", 0},
			{"util-linux", "2.38.1", "5", 0},
			{"expat", "2.5.0", "1", 0},
			{"sqlite3", "3.40.1", "2", 0},
			{"krb5", "1.20.1", "2+deb12u1", 0},
			{"gnutls28", "3.7.9", "2+deb12u2", 0},
			{"libxml2", "2.9.14+dfsg", "1.3", 0},
		},
	},
	{
		platform: "UBUNTU_22_04", source: "UBUNTU_CVE", family: "deb",
		tracker: "https://ubuntu.com/security/%s",
		packages: []pkg{
			{"openssl", "3.0.2", "0ubuntu1.15", 0},
			{"glibc", "2.35", "0ubuntu3.6", 0},
			{"zlib", "1.2.11.dfsg", "2ubuntu9.2", 1},
			{"curl", "7.81.0", "1ubuntu1.15", 0},
			{"perl", "5.34.0", "3ubuntu1.3", 0},
			{"ncurses", "6.3", "2ubuntu0.1", 0},
			{"systemd", "249.11", "0ubuntu3.12", 0},
			{"gnupg2", "2.2.27", "3ubuntu2.1", 0},
			{"libgcrypt20", "1.9.4", "3ubuntu3", 0},
			{"pam", "1.4.0", "11ubuntu2.4", 0},
			{"shadow", "4.8.1", "2ubuntu2.2", 1},
			{"tar", "1.34+dfsg", "1ubuntu0.1.22.04.2", 0},
		},
	},
	{
		platform: "ALPINE_LINUX_3_19", source: "ALPINE_SEC_DB", family: "apk",
		tracker: "https://security.alpinelinux.org/vuln/%s",
		packages: []pkg{
			{"musl", "1.2.4_git20230717", "r4", 0},
			{"busybox", "1.36.1", "r15", 0},
			{"openssl", "3.1.4", "r5", 0},
			{"zlib", "1.3.1", "r0", 0},
			{"apk-tools", "2.14.0", "r5", 0},
			{"curl", "8.5.0", "r0", 0},
			{"expat", "2.6.0", "r0", 0},
			{"ncurses", "6.4_p20231125", "r0", 0},
			{"sqlite", "3.44.2", "r0", 0},
		},
	},
	{
		platform: "AMAZON_LINUX_2023", source: "AMAZON_CVE", family: "rpm",
		tracker: "https://alas.aws.amazon.com/cve/html/%s.html",
		packages: []pkg{
			{"glibc", "2.34", "52.amzn2023.0.8", 0},
			{"openssl-libs", "3.0.8", "1.amzn2023.0.11", 1},
			{"curl-minimal", "8.5.0", "1.amzn2023.0.2", 0},
			{"expat", "2.5.0", "1.amzn2023.0.3", 0},
			{"python3", "3.9.16", "1.amzn2023.0.6", 0},
			{"rpm", "4.16.1.3", "29.amzn2023.0.6", 0},
			{"krb5-libs", "1.21", "3.amzn2023.0.4", 0},
			{"ncurses-libs", "6.2", "4.20200222.amzn2023.0.6", 0},
			{"libxml2", "2.10.4", "1.amzn2023.0.5", 0},
			{"sqlite-libs", "3.40.0", "1.amzn2023.0.4", 0},
			{"gnupg2-minimal", "2.3.7", "1.amzn2023.0.4", 0},
		},
	},
}
