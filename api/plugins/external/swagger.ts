// External integration: the OpenAPI 3 document (@fastify/swagger, from the route schemas) at
// /openapi.json and Swagger UI (@fastify/swagger-ui) at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'newsroom collector gateway',
          version: '1.0.0',
          description:
            "Collection requests become CollectionJobs; status, logs and data are served from PostgreSQL. The /collectors, /resources, /logs and /data paths keep the predecessor's contract; /v1/jobs maps 1:1 onto CollectionJob.",
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A department or admin token.' } } },
        security: [{ bearer: [] }],
        tags: [
          { name: 'collectors', description: "The predecessor's collection endpoints." },
          { name: 'jobs', description: 'CollectionJobs, resource style.' },
          { name: 'schedules', description: 'CollectionSchedules, resource style: CollectionJobs on a schedule.' },
          { name: 'data', description: 'Collected articles and comments, pages and downloads.' },
          { name: 'logs', description: 'Job-scoped log lines.' },
          { name: 'resources', description: "The fleet's capacity as last recorded." },
          { name: 'health', description: 'Probes and metrics.' },
        ],
      },
      refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    });
    // staticCSP: Swagger UI's own policy on its pages, in place of the API's (plugins/external/security-headers.ts).
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
