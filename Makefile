# scrapebatch-operator: the verbs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
K8S_VERSION ?= 1.35.4
ETCD_VERSION ?= 3.5.35
KUBE_API_TEST_DIR ?= $(HOME)/.kubeapitest
CONTROL_PLANE_DIR := $(KUBE_API_TEST_DIR)/k8s/$(K8S_VERSION)-linux-amd64
export KUBE_API_TEST_DIR K8S_VERSION ETCD_VERSION

CRD_FILE := crds/scrapebatches.scrapebatch.io-v1.yml

.PHONY: help
help: ## List the verbs
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Compile and package every module (no tests)
	$(MVN) -DskipTests install

.PHONY: test
test: control-plane ## Everything CI runs: format check, unit tests, CRD drift check, ITs on a real API server
	$(MVN) install

.PHONY: crds
crds: ## Regenerate the committed CRD YAML from the Java API classes
	$(MVN) -q -pl crds -am -DskipTests install
	$(MVN) -q -pl crds test-compile exec:java -Dexec.classpathScope=test \
	  -Dexec.mainClass=io.scrapebatch.api.v1alpha1.CrdFile -Dexec.args=$(notdir $(CRD_FILE))

.PHONY: crds-check
crds-check: ## Fail when the committed CRD differs from what the Java classes generate
	$(MVN) -pl crds -am -Dtest=CommittedCrdTest -Dsurefire.failIfNoSpecifiedTests=false test

.PHONY: control-plane
control-plane: ## Build kube-apiserver, kube-controller-manager, kubectl, etcd from Go modules (cached)
	@bash e2e/control-plane/build.sh

.PHONY: format
format: ## Apply google-java-format to every module
	$(MVN) -q spotless:apply

.PHONY: clean
clean: ## Remove build output (keeps the Maven repo, Go caches and control-plane binaries)
	$(MVN) -q clean

# --- etl-job -------------------------------------------------------------------------------------
ETL_JAR = etl-job/target/scrapebatch-etl-job-0.1.0-SNAPSHOT.jar
COUNT ?= 200000
SEED ?= 42
OUT ?= .data/raw/products
BENCH_COUNT ?= 2000000
BENCH_DIR ?= .data/bench
BENCH_ROUNDS ?= 1

.PHONY: etl-jar
etl-jar: ## Build the etl-job jar with target/lib (java -jar) and target/job-deps (for a Spark image)
	$(MVN) -q -pl crds,etl-job -DskipTests install

.PHONY: etl-test
etl-test: ## Run the etl-job tests (Spark local[2])
	$(MVN) -q -pl crds -DskipTests install
	$(MVN) -pl etl-job verify

.PHONY: sample-data
sample-data: etl-jar ## Generate scrape JSONL.gz into OUT (default .data/raw/products; COUNT, SEED)
	java -cp $(ETL_JAR) io.scrapebatch.etl.sample.ScrapeDataGenerator --out $(OUT) --count $(COUNT) --seed $(SEED)

.PHONY: bench-etl
bench-etl: etl-jar ## Benchmark: our job vs a naive Spark job vs DuckDB on BENCH_COUNT records (default 2M), BENCH_ROUNDS times
	$(MVN) -q -pl etl-job test-compile dependency:copy-dependencies@bench-deps
	$(MVN) -q -pl etl-job exec:exec -Dbench.args="--dir $(abspath $(BENCH_DIR)) --count $(BENCH_COUNT) --rounds $(BENCH_ROUNDS)"
