// Package models holds the marketplace's domain types, their rules and the
// error type shared by every layer. It imports the standard library only.
package models

import (
	"errors"
	"fmt"
)

// Error codes, stable and machine-readable; the HTTP layer maps each to a status.
const (
	ECONFLICT        = "conflict"
	EDEADLINE        = "deadline_passed"
	EFORBIDDEN       = "forbidden"
	EINTERNAL        = "internal"
	ECREDENTIALS     = "invalid_credentials"
	EINVALIDSTATE    = "invalid_state"
	EMALFORMED       = "malformed_request"
	ENOTFOUND        = "not_found"
	ETOOLARGE        = "payload_too_large"
	ERATELIMITED     = "rate_limited"
	ESEALED          = "sealed"
	EUNAUTHENTICATED = "unauthenticated"
	EUNAVAILABLE     = "unavailable"
	EVALIDATION      = "validation_failed"
	// EUNSUPPORTED is an uploaded file whose content is not of an allowed type.
	EUNSUPPORTED = "unsupported_media_type"
	// ERANGE is a download range outside the file.
	ERANGE = "range_not_satisfiable"
)

// FieldError names one field that breaks a rule, such as "body.email".
type FieldError struct {
	Location string
	Message  string
}

// Error is the application error: a code from the list above, a message
// safe to show to the caller, and for validation failures the fields at fault.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a validation error naming the given fields.
func Invalid(fields ...FieldError) *Error {
	return &Error{Code: EVALIDATION, Message: "validation failed", Fields: fields}
}

// ErrorCode returns the code of an application error, or EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the caller-safe message of an application error,
// or a generic message for any other error, whose text may hold internals.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
