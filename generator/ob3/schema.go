package ob3

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// achievementCredentialSchema is 1EdTech's JSON schema of an
// AchievementCredential (Open Badges 3.0, JSON-LD adaptation, draft
// 2019-09), as 1EdTech publishes it.
//
//go:embed achievementcredential-schema.json
var achievementCredentialSchema []byte

// SchemaID is the $id of the embedded schema.
const SchemaID = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"

// Schema validates credentials against 1EdTech's AchievementCredential
// schema, embedded in the binary: no schema is ever fetched. It is safe for
// concurrent use.
type Schema struct{ s *jsonschema.Schema }

// CompileSchema compiles the embedded schema, with format assertions on.
func CompileSchema() (*Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(achievementCredentialSchema))
	if err != nil {
		return nil, fmt.Errorf("ob3: the embedded schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		return nil, fmt.Errorf("ob3: the embedded schema: %v", err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		return nil, fmt.Errorf("ob3: the embedded schema: %v", err)
	}
	return &Schema{s}, nil
}

// Validate checks the JSON of a credential against the schema. The error
// names every place where the credential departs from it.
func (s *Schema) Validate(credential []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(credential))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if err := s.s.Validate(v); err != nil {
		return fmt.Errorf("does not conform to the Open Badges 3.0 AchievementCredential schema: %v", err)
	}
	return nil
}
