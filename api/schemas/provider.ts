// The gateway's route groups see their request types through this type provider: params, querystring
// and body are inferred from the route's JSON schemas by json-schema-to-ts, so handlers cast nothing.
// Replies are not typed from the response schemas: cached pages are pre-serialised Buffers and exports
// are streams; the response schemas still serialise, filter and document every JSON reply.
import type { FastifyInstance, FastifyTypeProvider } from 'fastify';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export interface RequestSchemaProvider extends FastifyTypeProvider {
  validator: this['schema'] extends JSONSchema ? FromSchema<this['schema']> : unknown;
  serializer: unknown;
}

/** The route group's instance, with request types inferred from its schemas. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<RequestSchemaProvider>();
}
