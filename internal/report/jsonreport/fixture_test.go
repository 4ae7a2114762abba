package jsonreport

import "github.com/palisade-dev/palisade/internal/report/reporttest"

// testReport is the shared sample report.
var testReport = reporttest.Sample
