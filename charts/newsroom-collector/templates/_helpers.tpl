{{/* Name prefix of every object: the release name, plus "-newsroom" unless it already says so. */}}
{{- define "newsroom.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains "newsroom" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-newsroom" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "newsroom.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "operator") */}}
{{- define "newsroom.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "newsroom.labels" -}}
{{ include "newsroom.selectorLabels" . }}
app.kubernetes.io/part-of: newsroom-collector
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "newsroom.chart" .root }}
{{- end -}}

{{/* Labels of objects that belong to the whole release rather than one component. */}}
{{- define "newsroom.commonLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: newsroom-collector
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "newsroom.chart" . }}
{{- end -}}

{{- define "newsroom.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/* Object names. */}}
{{- define "newsroom.operator.name" -}}{{ include "newsroom.fullname" . }}-operator{{- end -}}
{{- define "newsroom.api.name" -}}{{ include "newsroom.fullname" . }}-api{{- end -}}
{{- define "newsroom.worker.name" -}}{{ include "newsroom.fullname" . }}-worker{{- end -}}
{{- define "newsroom.hub.name" -}}{{ include "newsroom.fullname" . }}-selenium-hub{{- end -}}
{{- define "newsroom.node.name" -}}{{ include "newsroom.fullname" . }}-selenium-node{{- end -}}
{{- define "newsroom.postgresql.name" -}}{{ include "newsroom.fullname" . }}-postgresql{{- end -}}
{{- define "newsroom.rabbitmq.name" -}}{{ include "newsroom.fullname" . }}-rabbitmq{{- end -}}

{{/* The Secret holding the bundled service's password. */}}
{{- define "newsroom.postgresql.passwordSecret" -}}
{{- .Values.postgresql.existingSecret | default (include "newsroom.postgresql.name" .) -}}
{{- end -}}
{{- define "newsroom.rabbitmq.passwordSecret" -}}
{{- .Values.rabbitmq.existingSecret | default (include "newsroom.rabbitmq.name" .) -}}
{{- end -}}

{{/* DATABASE_URL: the user's Secret, or composed from the bundled PostgreSQL's password Secret (the
kubelet expands $(VAR) references to earlier variables, so the password never appears in the spec). */}}
{{- define "newsroom.databaseEnv" -}}
{{- if .Values.postgresql.enabled -}}
- name: NEWSROOM_POSTGRESQL_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ include "newsroom.postgresql.passwordSecret" . }}, key: password }
- name: DATABASE_URL
  value: "postgres://{{ .Values.postgresql.username }}:$(NEWSROOM_POSTGRESQL_PASSWORD)@{{ include "newsroom.postgresql.name" . }}:5432/{{ .Values.postgresql.database }}"
{{- else -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "externalDatabase.existingSecret is required when postgresql.enabled is false" .Values.externalDatabase.existingSecret }}
      key: {{ .Values.externalDatabase.urlKey }}
{{- end -}}
{{- end -}}

{{/* AMQP_URL (and RABBITMQ_MANAGEMENT_URL with (dict "root" $ "management" true)). */}}
{{- define "newsroom.rabbitmqEnv" -}}
{{- $v := .root.Values -}}
{{- if $v.rabbitmq.enabled -}}
- name: NEWSROOM_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ include "newsroom.rabbitmq.passwordSecret" .root }}, key: password }
- name: AMQP_URL
  value: "amqp://{{ $v.rabbitmq.username }}:$(NEWSROOM_RABBITMQ_PASSWORD)@{{ include "newsroom.rabbitmq.name" .root }}:5672"
{{- if .management }}
- name: RABBITMQ_MANAGEMENT_URL
  value: "http://{{ $v.rabbitmq.username }}:$(NEWSROOM_RABBITMQ_PASSWORD)@{{ include "newsroom.rabbitmq.name" .root }}:15672"
{{- end }}
{{- else -}}
{{- $secret := required "externalRabbitmq.existingSecret is required when rabbitmq.enabled is false" $v.externalRabbitmq.existingSecret -}}
- name: AMQP_URL
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ $v.externalRabbitmq.amqpUrlKey }} }
{{- if .management }}
- name: RABBITMQ_MANAGEMENT_URL
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ $v.externalRabbitmq.managementUrlKey }} }
{{- end }}
{{- end -}}
{{- end -}}

{{- define "newsroom.grid.url" -}}
{{- if .Values.selenium.enabled -}}http://{{ include "newsroom.hub.name" . }}:4444{{- else -}}{{ required "selenium.externalUrl is required when selenium.enabled is false" .Values.selenium.externalUrl }}{{- end -}}
{{- end -}}

{{- define "newsroom.registrationSecret.name" -}}
{{- .Values.selenium.registrationSecret.existingSecret | default (printf "%s-selenium-registration" (include "newsroom.fullname" .)) -}}
{{- end -}}

{{/* A random value kept across upgrades: the existing Secret's key when there is one. (dict "root" $ "secret" NAME "key" KEY "length" N) */}}
{{- define "newsroom.keptRandom" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- randAlphaNum (.length | int) -}}
{{- end -}}
{{- end -}}

{{/* Environment every program shares. */}}
{{- define "newsroom.commonEnv" -}}
{{ include "newsroom.databaseEnv" . }}
- name: NEWSROOM_PREFIX
  value: {{ .Values.queuePrefix | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- end -}}

{{/* Probes of a program on its health port. */}}
{{- define "newsroom.probes" -}}
startupProbe:
  httpGet: { path: /healthz, port: http }
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: { path: /healthz, port: http }
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: { path: /readyz, port: http }
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
{{- end -}}

{{/* Scheduling fields of a component's values. */}}
{{- define "newsroom.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* A NetworkPolicy peer: the Pods of one component of this release. */}}
{{- define "newsroom.np.peer" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/instance: {{ .root.Release.Name }}
      app.kubernetes.io/component: {{ .component }}
{{- end -}}
