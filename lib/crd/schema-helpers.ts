// Small builders for the OpenAPI v3 schemas of the CRDs. Every builder takes the field's description
// first, so a field without one does not type-check (`kubectl explain` shows them all).

export type JsonSchema = {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: readonly (string | number)[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
  additionalProperties?: JsonSchema | boolean;
  'x-kubernetes-validations'?: { rule: string; message: string; reason?: string; fieldPath?: string }[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
};

type Extra = Omit<JsonSchema, 'type' | 'description'>;

export const str = (description: string, extra: Extra = {}): JsonSchema => ({ type: 'string', description, ...extra });
export const int = (description: string, extra: Extra = {}): JsonSchema => ({ type: 'integer', description, ...extra });
export const num = (description: string, extra: Extra = {}): JsonSchema => ({ type: 'number', description, ...extra });
export const bool = (description: string, extra: Extra = {}): JsonSchema => ({ type: 'boolean', description, ...extra });
export const arr = (description: string, items: JsonSchema, extra: Extra = {}): JsonSchema => ({
  type: 'array',
  description,
  items,
  ...extra,
});
export const obj = (description: string, properties: Record<string, JsonSchema>, extra: Extra = {}): JsonSchema => ({
  type: 'object',
  description,
  properties,
  ...extra,
});

/**
 * The priority levels: 1 (lowest) to 9 (highest), the RabbitMQ message priority (x-max-priority). Their
 * one home: the CRD schemas, the queues, the gateway's schemas and parsing all read them from here
 * (through lib/priority.ts outside lib/crd).
 */
export const LOWEST_PRIORITY = 1;
export const HIGHEST_PRIORITY = 9;

/** A priority level, within LOWEST_PRIORITY..HIGHEST_PRIORITY. */
export const priority = (description: string, extra: Extra = {}): JsonSchema =>
  int(description, { minimum: LOWEST_PRIORITY, maximum: HIGHEST_PRIORITY, ...extra });

/** A calendar day in Asia/Seoul as YYYY-MM-DD. */
export const day = (description: string): JsonSchema => str(description, { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

/** A Kubernetes-style condition list keyed by type. */
export const conditions = (): JsonSchema =>
  arr(
    "The latest observations of the object's state, one entry per condition type.",
    obj(
      'One condition.',
      {
        type: str('The condition type, e.g. Admitted, Running, Complete, Failed, Suspended.', { maxLength: 64 }),
        status: str('True, False or Unknown.', { enum: ['True', 'False', 'Unknown'] }),
        reason: str('A CamelCase reason for the last transition.', { maxLength: 128 }),
        message: str('A human-readable explanation of the condition.', { maxLength: 4096 }),
        lastTransitionTime: str('When the condition last changed status.', { format: 'date-time' }),
        observedGeneration: int('The .metadata.generation the condition was set for.', { minimum: 0 }),
      },
      { required: ['type', 'status'] },
    ),
    { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
  );
