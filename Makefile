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
test: control-plane object-store deploy-tools ## Everything CI runs: format check, unit tests, CRD drift check, ITs on a real API server and a real S3 server
	$(MVN) install

DEMO_STORAGE ?= s3

.PHONY: demo
demo: control-plane object-store ## The mission on this machine: local cluster + S3 server + operator + the S3 sample over generated data (DEMO_STORAGE=fs: a folder; needs root)
	$(MVN) -q -pl e2e -am install -DskipTests
	$(MVN) -q -pl e2e exec:exec -Ddemo.storage=$(DEMO_STORAGE)

.PHONY: e2e
e2e: control-plane ## End-to-end scenarios (*E2E) on the local cluster; E2E_CLUSTER=kubeconfig uses KUBECONFIG instead
	$(MVN) -pl e2e -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test='*E2E' -Dfailsafe.failIfNoSpecifiedTests=false

.PHONY: bench-operator
bench-operator: control-plane ## Benchmark: 200 ScrapeBatches at once on an empty cluster, then again over 5,000 stored ones (STORED=0: the burst only): launch latency, reconcile cost, API requests, operator RSS
	$(MVN) -q -pl e2e -am install -DskipTests
	$(MVN) -q -pl e2e exec:exec -De2e.main=io.scrapebatch.e2e.bench.OperatorBenchmark \
	  -De2e.args="--operator-jar $(CURDIR)/operator/target/scrapebatch-operator.jar --image $(CURDIR)/e2e/spark-image/target/image --batches $(or $(BATCHES),200) --stored $(or $(STORED),5000) --operator-args=$(OPERATOR_ARGS)"

.PHONY: run
run: build ## Run the operator against the cluster in KUBECONFIG (text logs)
	LOG_FORMAT=text java -jar operator/target/scrapebatch-operator.jar

.PHONY: crds
crds: ## Regenerate the committed CRD YAML from the Java API classes
	$(MVN) -q -pl crds -am -DskipTests install
	$(MVN) -q -pl crds test-compile exec:java -Dexec.classpathScope=test \
	  -Dexec.mainClass=io.scrapebatch.api.v1alpha1.CrdFile -Dexec.args=$(CURDIR)/$(CRD_FILE)
	@bash deploy/hack/sync-manifests.sh

.PHONY: crds-check
crds-check: ## Fail when the committed CRD differs from what the Java classes generate
	$(MVN) -pl crds -am -Dtest=CommittedCrdTest -Dsurefire.failIfNoSpecifiedTests=false test

.PHONY: control-plane
control-plane: ## Build kube-apiserver, kube-controller-manager, kubectl, etcd from Go modules (cached)
	@bash e2e/control-plane/build.sh

.PHONY: object-store
object-store: ## Build the S3-compatible server the tests run on (versitygw) from its Go module (cached)
	@bash e2e/object-store/build.sh

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
	$(MVN) -q -pl crds,etl-job -am -DskipTests install

.PHONY: etl-test
etl-test: object-store ## Run the etl-job tests (Spark local[2]) and ITs (the local S3 server)
	$(MVN) -q -pl crds -am -DskipTests install
	$(MVN) -pl etl-job verify

.PHONY: sample-data
sample-data: etl-jar ## Generate scrape JSONL.gz into OUT (default .data/raw/products; COUNT, SEED)
	java -cp $(ETL_JAR) io.scrapebatch.etl.sample.ScrapeDataGenerator --out $(OUT) --count $(COUNT) --seed $(SEED)

.PHONY: bench-etl
bench-etl: etl-jar object-store ## Benchmark: our job (local disk and the local S3 server) vs a naive Spark job vs DuckDB on BENCH_COUNT records (default 2M), BENCH_ROUNDS times
	$(MVN) -q -pl etl-job test-compile dependency:copy-dependencies@bench-deps
	$(MVN) -q -pl etl-job exec:exec -Dbench.args="--dir $(abspath $(BENCH_DIR)) --count $(BENCH_COUNT) --rounds $(BENCH_ROUNDS)"

# --- deploy: manifests, chart, images, kind (deploy/, e2e/kind/; docs/deploy.md) -------------------

TOOLS_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/scrapebatch/tools
IMAGE_REPO ?= ghcr.io/scrapebatch
IMAGE_TAG ?= dev
DOCKER ?= docker
OVERLAY ?= dev
export SCRAPEBATCH_TOOLS_DIR := $(TOOLS_DIR)

.PHONY: deploy-tools
deploy-tools: ## Build kustomize and helm from their Go modules, take Argo CD's CRDs from its module (cached)
	@bash deploy/hack/build-tools.sh >/dev/null

.PHONY: manifests
manifests: ## Copy the generated CRD into the kustomize base and the Helm chart, health.lua into argocd-cm
	@bash deploy/hack/sync-manifests.sh

.PHONY: manifests-check
manifests-check: control-plane deploy-tools ## Render every overlay, the chart, Argo CD apps, samples; apply with server-side dry-run to a real API server
	$(MVN) -q -DskipTests -pl operator -am install
	$(MVN) -pl deploy verify

.PHONY: image
image: ## Build the operator and etl-job images (Docker or DOCKER=podman; IMAGE_REPO, IMAGE_TAG=dev)
	$(MVN) -DskipTests -pl operator,etl-job -am package
	IMAGE_REPO=$(IMAGE_REPO) IMAGE_TAG=$(IMAGE_TAG) DOCKER=$(DOCKER) bash deploy/images/build.sh

.PHONY: deploy
deploy: deploy-tools ## Install into the current kubectl context with kustomize (OVERLAY=dev|production|kind)
	$(TOOLS_DIR)/kustomize build deploy/overlays/$(OVERLAY) | kubectl apply --server-side -f -
	kubectl -n scrapebatch-system rollout status deployment/scrapebatch-operator --timeout=180s

.PHONY: e2e-kind
e2e-kind: ## kind cluster + images + kustomize install, then the *E2E scenarios against it (needs Docker)
	@bash e2e/kind/run.sh

.PHONY: e2e-kind-down
e2e-kind-down: ## Delete the kind cluster of e2e-kind and the data it left
	@bash e2e/kind/run.sh down
