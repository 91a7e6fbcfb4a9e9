{{/* The chart's name, overridable. */}}
{{- define "scrapebatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name: the release name when it already contains the chart name. */}}
{{- define "scrapebatch.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "scrapebatch.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "scrapebatch.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "scrapebatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "scrapebatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "scrapebatch.labels" -}}
{{ include "scrapebatch.selectorLabels" . }}
app.kubernetes.io/part-of: scrapebatch
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "scrapebatch.driverLabels" -}}
app.kubernetes.io/name: scrapebatch-driver
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: driver
app.kubernetes.io/part-of: scrapebatch
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "scrapebatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "scrapebatch.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "scrapebatch.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "scrapebatch.jobImage" -}}
{{- printf "%s:%s" .Values.jobImage.repository (default .Chart.AppVersion .Values.jobImage.tag) -}}
{{- end -}}

{{/* Namespaces that get the driver's ServiceAccount and Role. */}}
{{- define "scrapebatch.driverNamespaces" -}}
{{- $namespaces := .Values.driver.rbac.namespaces | default .Values.watchNamespaces -}}
{{- toJson (uniq $namespaces) -}}
{{- end -}}

{{/* The operator's rules on ScrapeBatches, pods, services, configmaps and events. */}}
{{- define "scrapebatch.operatorRules" -}}
- apiGroups: [scrapebatch.io]
  resources: [scrapebatches]
  verbs: [get, list, watch, patch, update, delete]
- apiGroups: [scrapebatch.io]
  resources: [scrapebatches/status]
  verbs: [get, patch, update]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch, create, delete]
- apiGroups: [""]
  resources: [services, configmaps]
  verbs: [get, list, create, delete]
- apiGroups: ["", events.k8s.io]
  resources: [events]
  verbs: [create, patch]
{{- end -}}
