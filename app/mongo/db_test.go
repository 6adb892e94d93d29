package mongo_test

import (
	"os"
	"testing"

	"market/app/mongo/mongotest"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }
