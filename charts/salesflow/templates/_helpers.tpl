{{/*
What each component is, fixed by the code rather than by values: its ports, whether it owns
a database (and so a migration Job), whether it speaks gRPC, whether it is reached from outside.
*/}}
{{- define "salesflow.catalog" -}}
identity:  { grpcPort: 50051, httpPort: 8081, database: true,  public: false, static: false }
crm:       { grpcPort: 50052, httpPort: 8082, database: true,  public: false, static: false }
goals:     { grpcPort: 50053, httpPort: 8083, database: true,  public: false, static: false }
field:     { grpcPort: 50054, httpPort: 8084, database: true,  public: false, static: false }
analytics: { grpcPort: 50055, httpPort: 8085, database: true,  public: false, static: false }
notifications: { grpcPort: 50056, httpPort: 8086, database: true,  public: false, static: false }
gateway:   { grpcPort: 0,     httpPort: 8080, database: true,  public: true,  static: false }
web:       { grpcPort: 0,     httpPort: 8080, database: false, public: true,  static: true }
{{- end -}}

{{- define "salesflow.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's objects: (dict "root" $ "name" "crm") */}}
{{- define "salesflow.componentName" -}}
{{- printf "%s-%s" (include "salesflow.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object but the instance (selector labels carry it). */}}
{{- define "salesflow.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: salesflow
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "salesflow.labels" -}}
{{ include "salesflow.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "salesflow.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "salesflow.componentLabels" -}}
{{ include "salesflow.commonLabels" .root }}
{{ include "salesflow.selectorLabels" . }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "salesflow.image" -}}
{{- printf "%s:%s" .component.image.repository (default .root.Chart.AppVersion .component.image.tag) -}}
{{- end -}}

{{/* Enabled component names, sorted: one per line. */}}
{{- define "salesflow.enabled" -}}
{{- range $name, $c := .Values.components }}{{ if $c.enabled }}{{ $name }}
{{ end }}{{ end -}}
{{- end -}}

{{/* Name of the Secret and key holding a service's DATABASE_URL. */}}
{{- define "salesflow.databaseSecretName" -}}
{{- default (printf "%s-database" (include "salesflow.fullname" .)) .Values.postgresql.existingSecret.name -}}
{{- end -}}
{{- define "salesflow.databaseSecretKey" -}}
{{- printf "%s%s" .name .root.Values.postgresql.existingSecret.keySuffix -}}
{{- end -}}

{{/* A service's DATABASE_URL from postgresql.urls.<name>, else postgresql.url with its database. */}}
{{- define "salesflow.databaseUrl" -}}
{{- $pg := .root.Values.postgresql -}}
{{- if hasKey $pg.urls .name -}}
{{- index $pg.urls .name -}}
{{- else -}}
{{- $url := required "postgresql.url, postgresql.urls.<service> or postgresql.existingSecret.name is required" $pg.url | urlParse -}}
{{- $_ := set $url "path" (printf "/%s%s" $pg.databasePrefix .name) -}}
{{- urlJoin $url -}}
{{- end -}}
{{- end -}}

{{/* Environment shared by a service's Deployment and its migration Job. */}}
{{- define "salesflow.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "salesflow.databaseSecretName" .root }}
      key: {{ include "salesflow.databaseSecretKey" . }}
{{- end -}}

{{- define "salesflow.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
{{- if $k.sasl.enabled }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with kafka.sasl.enabled" $k.sasl.existingSecret }}
      key: {{ $k.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.sasl.existingSecret }}
      key: {{ $k.sasl.passwordKey }}
{{- end }}
{{- end -}}

{{- define "salesflow.podSpecCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
A component's non-secret environment (its ConfigMap's data). The services read only these
variables (their zod config schemas); the gateway gets an address for each enabled service only.
*/}}
{{- define "salesflow.componentConfig" -}}
{{- $v := .root.Values -}}
{{- $env := dict -}}
{{- if not .spec.static -}}
{{- $_ := set $env "HTTP_PORT" (toString .spec.httpPort) -}}
{{- $_ := set $env "LOG_LEVEL" $v.logLevel -}}
{{- $_ := set $env "KAFKA_BROKERS" (required "kafka.brokers is required" $v.kafka.brokers) -}}
{{- if .spec.grpcPort }}{{ $_ := set $env "GRPC_PORT" (toString .spec.grpcPort) }}{{ end -}}
{{- if $v.kafka.tls.enabled }}{{ $_ := set $env "KAFKA_TLS" "true" }}{{ end -}}
{{- if $v.kafka.sasl.enabled }}{{ $_ := set $env "KAFKA_SASL_MECHANISM" $v.kafka.sasl.mechanism }}{{ end -}}
{{- /* The gateway calls every service; goals calls identity (tenant settings); analytics calls crm, goals and field (reconciliation). */ -}}
{{- if or (eq .name "gateway") (eq .name "goals") (eq .name "analytics") -}}
{{- $catalog := include "salesflow.catalog" .root | fromYaml -}}
{{- range $other, $oc := $v.components -}}
{{- $os := index $catalog $other -}}
{{- if and $oc.enabled $os $os.grpcPort (or (eq $.name "gateway") (and (eq $.name "goals") (eq $other "identity")) (and (eq $.name "analytics") (has $other (list "crm" "goals" "field")))) -}}
{{- $_ := set $env (printf "%s_GRPC_ADDR" (upper $other)) (printf "%s:%d" (include "salesflow.componentName" (dict "root" $.root "name" $other)) (int $os.grpcPort)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $k, $val := .c.env }}{{ $_ := set $env $k (toString $val) }}{{ end -}}
{{- /* Photos on local disk live where the chart mounts their volume. */ -}}
{{- if and (eq .name "field") (include "salesflow.fieldPhotosOnDisk" .root) -}}
{{- $_ := set $env "FIELD_PHOTO_DIR" $v.fieldPhotos.mountPath -}}
{{- end -}}
{{- if $env }}
{{- range $k := keys $env | sortAlpha }}
{{ $k }}: {{ index $env $k | quote }}
{{- end }}
{{- else -}}
{}
{{- end -}}
{{- end -}}

{{/*
"true" when the field component is on and keeps check-in photos on local disk (its
FIELD_PHOTO_STORE is unset or "local"): then it gets a persistent volume at fieldPhotos.mountPath.
*/}}
{{- define "salesflow.fieldPhotosOnDisk" -}}
{{- $field := .Values.components.field -}}
{{- if and $field.enabled (ne (toString (default "local" (index $field.env "FIELD_PHOTO_STORE"))) "s3") -}}
true
{{- end -}}
{{- end -}}

{{- define "salesflow.fieldPhotosClaimName" -}}
{{- .Values.fieldPhotos.existingClaim | default (printf "%s-photos" (include "salesflow.componentName" (dict "root" . "name" "field"))) -}}
{{- end -}}
