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
