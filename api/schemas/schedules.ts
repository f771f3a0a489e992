// Schemas of /v1/schedules (api/routes/schedules-v1.ts), which maps 1:1 onto CollectionSchedule. The
// spec is checked by the CRD's own schema in the handler (lib/crd), not restated here.
import { collectionScheduleSpec } from '../../lib/crd/collectionschedule.js';
import { createMetadataProperties, department, nullableString, pageQuery, statusEntrySchema } from './common.js';
import { jobNameParams, jobNameQuery } from './jobs.js';

export const collectionScheduleView = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: {
      type: 'object',
      properties: { name: { type: 'string' }, namespace: { type: 'string' }, uid: { type: 'string' }, creationTimestamp: { type: 'string' } },
    },
    spec: { type: 'object', additionalProperties: true },
    status: { type: 'object', additionalProperties: true, description: 'As the operator last wrote it (empty until its first look).' },
    jobs: { type: 'array', items: statusEntrySchema, description: 'One schedule: the status entries of its latest jobs, newest first.' },
  },
} as const;

export const scheduleCreateBody = {
  type: 'object',
  additionalProperties: false,
  description: "A CollectionSchedule; the namespace is the caller's department's.",
  properties: {
    apiVersion: { type: 'string', enum: ['collection.newsroom.dev/v1alpha1'] },
    kind: { type: 'string', enum: ['CollectionSchedule'] },
    metadata: {
      type: 'object',
      additionalProperties: false,
      // A job's name is the schedule's and ten digits; over 52 characters a hash of it is used.
      properties: createMetadataProperties,
      required: ['name'],
    },
    department,
    spec: { type: 'object', description: collectionScheduleSpec.description },
  },
  required: ['metadata', 'spec'],
} as const;

export const scheduleNameParams = jobNameParams;
export const scheduleNameQuery = {
  ...jobNameQuery,
  properties: { namespace: { ...jobNameQuery.properties.namespace, description: "Admins: the schedule's namespace when the name is not unique." } },
} as const;

export const scheduleListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, department: { type: 'string', maxLength: 63, description: 'Admins: only this department.' } },
} as const;

export const scheduleListReply = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    items: { type: 'array', items: collectionScheduleView },
    metadata: { type: 'object', properties: { continue: nullableString } },
  },
} as const;
