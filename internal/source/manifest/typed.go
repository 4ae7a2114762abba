package manifest

import (
	"encoding/json"
	"fmt"
)

// NewTyped returns a new typed object for an apiVersion and kind, or nil
// when Palisade does not read that kind.
func NewTyped(apiVersion, kind string) any { return newTyped(apiVersion, kind) }

// DecodeJSON decodes data into the typed object of apiVersion and kind, for
// sources that receive a kind's JSON without a manifest (a kubelet's
// configz). It returns nil and no error when the kind is not one Palisade
// reads.
func DecodeJSON(apiVersion, kind string, data []byte) (any, error) {
	typed := newTyped(apiVersion, kind)
	if typed == nil {
		return nil, nil
	}
	if err := json.Unmarshal(data, typed); err != nil {
		return nil, fmt.Errorf("decoding %s %s: %w", apiVersion, kind, err)
	}
	return typed, nil
}
