# The two commands: `make run` and `make test`. See README.md.
GO      ?= go
BIN     := bin/market
NPM_DIR := frontend

.PHONY: run test build frontend go-test frontend-test e2e bench vet clean

## run: build everything, seed an empty store with demo data, serve
run: build
	./$(BIN) seed
	./$(BIN) serve

## build: the frontend, then one static binary with it embedded
build: frontend
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/market

frontend: $(NPM_DIR)/node_modules/.package-lock.json
	cd $(NPM_DIR) && npm run build

$(NPM_DIR)/node_modules/.package-lock.json: $(NPM_DIR)/package-lock.json
	cd $(NPM_DIR) && npm ci

## test: vet, Go tests with -race (on both stores), frontend unit tests, browser journeys
test: vet go-test frontend-test e2e

vet:
	$(GO) vet ./...

# Every package on the embedded store, then the application and API tests
# again on MongoDB's wire protocol (embedded FerretDB), so that the MongoDB
# store's code path is run too (its contract suite already is, in app/mongo);
# the invariants on a large store there without -race, which would make
# FerretDB's scans of every document too slow; not the demo seed's tests,
# whose thousand writes (the first run's, on the embedded store) take
# FerretDB some ten minutes under -race. Beside those, the API's
# search tests again on Meilisearch (MEILI_URL; they skip naming it without a
# server), where the search contract already ran in ./search/meili; without
# -race, which the same code had in the first run, as their time is
# Meilisearch's (mostly waiting for its tasks, so they run at the same time
# as the MongoDB runs); a failure of either fails the target.
go-test:
	$(GO) test -race -count=1 -timeout 15m ./...
	MARKET_TEST_SEARCH=meili $(GO) test -count=1 -timeout 10m -run '^TestSearch' ./app/api > .meili-test.log 2>&1 & meili=$$!; \
	MARKET_TEST_STORE=mongo $(GO) test -race -count=1 -timeout 15m -skip '^TestLargeStore$$|^TestSeed' ./app ./app/api && \
	MARKET_TEST_STORE=mongo $(GO) test -count=1 -timeout 10m -run '^TestLargeStore$$' ./app/api; status=$$?; \
	wait $$meili || status=1; echo "MARKET_TEST_SEARCH=meili go test -run '^TestSearch' ./app/api:"; cat .meili-test.log; rm -f .meili-test.log; exit $$status

frontend-test: $(NPM_DIR)/node_modules/.package-lock.json
	cd $(NPM_DIR) && npm test

e2e: build
	cd $(NPM_DIR) && MARKET_BIN=../$(BIN) npm run e2e

## bench: login, token verification and other throughput benchmarks, then
## the search benchmark (100,000 listings in the embedded engine and, beside
## it, in Meilisearch: scripts/meili.sh starts the server binary beside the
## repository unless MEILI_URL is set; some minutes), then the scale
## benchmark (the real binary on a generated store at scale S and on a
## near-empty one; generation plus about 15 minutes). Those two are skipped
## unless MARKET_SEARCH_BENCH=1 / MARKET_SCALE_BENCH=1, so `go test` and
## `make test` never run them; MARKET_SEARCH_BENCH_LISTINGS and
## MARKET_SCALE_BENCH_LISTINGS change their sizes, MARKET_SCALE_BENCH_OUT
## names a file for the scale benchmark's Markdown report.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./...
	bash -c '. scripts/meili.sh && MARKET_SEARCH_BENCH=1 $(GO) test -run "^$$" -bench "^BenchmarkSearch100k$$" -benchtime 1x -timeout 60m ./app/api'
	MARKET_SCALE_BENCH=1 $(GO) test -run '^$$' -bench '^BenchmarkScale$$' -benchtime 1x -timeout 90m ./cmd/market

clean:
	rm -rf bin $(NPM_DIR)/dist/assets $(NPM_DIR)/dist/index.html $(NPM_DIR)/test-output
