// Schemas of the resource-style API (api/routes/jobs-v1.ts): /v1/jobs maps 1:1 onto CollectionJob.
import { collectionJobSpec } from '../../lib/crd/collectionjob.js';
import { createMetadataProperties, department, nullableString, pageQuery, statusEntrySchema } from './common.js';

export const collectionJobView = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        uid: { type: 'string' },
        creationTimestamp: { type: 'string' },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
        labels: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'collection.newsroom.dev/schedule: the schedule that created the job.',
        },
      },
    },
    spec: { type: 'object', additionalProperties: true },
    status: { type: 'object', additionalProperties: true },
    summary: statusEntrySchema,
  },
} as const;

export const jobCreateBody = {
  type: 'object',
  additionalProperties: false,
  description: "A CollectionJob; the namespace is the caller's department's.",
  properties: {
    apiVersion: { type: 'string', enum: ['collection.newsroom.dev/v1alpha1'] },
    kind: { type: 'string', enum: ['CollectionJob'] },
    metadata: {
      type: 'object',
      additionalProperties: false,
      properties: createMetadataProperties,
    },
    department,
    // The CRD's own schema is applied by validateSpec in the handler (unknown fields refused there).
    spec: { type: 'object', description: collectionJobSpec.description },
  },
  required: ['spec'],
} as const;

export const jobNameParams = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' } },
  required: ['name'],
} as const;

export const jobListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    type: { type: 'string', enum: ['Metadata', 'Comments'] },
    phase: { type: 'string', enum: ['Pending', 'Admitted', 'Running', 'Suspended', 'Complete', 'Failed'] },
    department: { type: 'string', maxLength: 63, description: 'Admins: only this department.' },
  },
} as const;

export const jobNameQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { namespace: { type: 'string', maxLength: 63, description: "Admins: the job's namespace when the name is not unique." } },
} as const;

export const jobListReply = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    items: { type: 'array', items: collectionJobView },
    metadata: { type: 'object', properties: { continue: nullableString } },
  },
} as const;
