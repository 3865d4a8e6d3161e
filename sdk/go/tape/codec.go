package tape

import (
	"fmt"

	"google.golang.org/protobuf/proto"
)

// codec marshals the tape.v1 messages with protobuf APIv2 (google.golang.org/protobuf),
// the API protoc-gen-go generated them for.
type codec struct{}

func (codec) Marshal(v interface{}) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("tape: cannot marshal %T: not a protobuf message", v)
	}
	return proto.Marshal(m)
}

func (codec) Unmarshal(data []byte, v interface{}) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("tape: cannot unmarshal into %T: not a protobuf message", v)
	}
	return proto.Unmarshal(data, m)
}

func (codec) Name() string { return "proto" }
