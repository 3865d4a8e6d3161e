module github.com/tape-dev/tape/sdk/go

go 1.19

// The versions Debian bookworm ships (golang-google-grpc-dev, golang-google-protobuf-dev,
// golang-github-golang-protobuf-1-3-dev, golang-golang-x-*-dev, golang-google-genproto-dev).
// vendor/ links each module to Debian's copy under /usr/share/gocode/src, so the build needs
// no module proxy: see README.md ("Building offline") and scripts/go_vendor.sh.
require (
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)

require (
	github.com/golang/protobuf v1.3.5 // indirect
	golang.org/x/net v0.7.0 // indirect
	golang.org/x/sys v0.3.0 // indirect
	golang.org/x/text v0.7.0 // indirect
	google.golang.org/genproto v0.0.0-20200413115906-b5235f65be36 // indirect
)
