package redact

import "testing"

func TestURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://user:pw@bank.example/wires?api_key=k&amount=1#frag":      "https://***@bank.example/wires?api_key=***&amount=1",
		"http://bank.example/wires?X-Amz-Signature=abc&idempotency_key=k": "http://bank.example/wires?X-Amz-Signature=***&idempotency_key=k",
		"tape://localhost:7878": "tape://localhost:7878",
		"no url here":           "no url here",
	} {
		if got := URL(raw); got != want {
			t.Errorf("URL(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestIsSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization": true, "X-Api-Key": true, "clientSecret": true, "token": true, "sig": true,
		"pw": true, "idempotency_key": false, "business_key": false, "amount": false, "session_id": false,
	} {
		if got := IsSecretName(name); got != want {
			t.Errorf("IsSecretName(%q) = %v", name, got)
		}
	}
}

func TestText(t *testing.T) {
	got := Text(`Post "http://u:p@h/x?token=t": dial tcp: refused; key Bearer abcdef`, "abcdef")
	want := `Post "http://***@h/x?token=***": dial tcp: refused; key Bearer ***`
	if got != want {
		t.Errorf("Text = %q", got)
	}
}
