// The five CustomResourceDefinitions of group collection.newsroom.dev, built from the schemas beside
// this file. crds/*.yaml are generated from here (`npm run gen:crds`); a test fails when they drift.
import { collectionJobSpec, collectionJobStatus } from './collectionjob.js';
import { collectionScheduleSpec, collectionScheduleStatus } from './collectionschedule.js';
import { collectorPoolSpec, collectorPoolStatus } from './collectorpool.js';
import { departmentSpec, departmentStatus } from './department.js';
import { newsSourceSpec, newsSourceStatus } from './newssource.js';
import type { JsonSchema } from './schema-helpers.js';

export const GROUP = 'collection.newsroom.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const CATEGORY = 'newsroom';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description: string;
  priority?: number;
}

export interface KindDefinition {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  scope: 'Namespaced' | 'Cluster';
  description: string;
  spec: JsonSchema;
  status: JsonSchema;
  printerColumns: PrinterColumn[];
}

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'Time since creation.' };

export const kinds = {
  CollectionJob: {
    kind: 'CollectionJob',
    plural: 'collectionjobs',
    singular: 'collectionjob',
    shortNames: ['coljob'],
    scope: 'Namespaced',
    description:
      'A request to collect news article metadata (keywords x date range) or comments, on behalf of the department that owns its namespace.',
    spec: collectionJobSpec,
    status: collectionJobStatus,
    printerColumns: [
      { name: 'Type', type: 'string', jsonPath: '.spec.type', description: 'Metadata or Comments.' },
      { name: 'Department', type: 'string', jsonPath: '.status.department', description: 'The owning department.' },
      { name: 'Priority', type: 'integer', jsonPath: '.status.priority', description: 'The effective priority.' },
      { name: 'Status', type: 'string', jsonPath: '.status.phase', description: 'Pending, Admitted, Running, Suspended, Complete or Failed.' },
      { name: 'Progress', type: 'string', jsonPath: '.status.progress', description: 'Finished tasks in percent.' },
      {
        name: 'DataComplete',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="DataComplete")].status',
        description: 'Set when the job finishes: False when the sites showed items that were not stored (the condition says how many).',
      },
      { name: 'Articles', type: 'integer', jsonPath: '.status.articles', description: 'Articles collected.', priority: 1 },
      { name: 'Comments', type: 'integer', jsonPath: '.status.comments', description: 'Comments collected.', priority: 1 },
      {
        name: 'Shown',
        type: 'integer',
        jsonPath: '.status.commentsShown',
        description: 'Comments the sites show for those articles (stored of shown).',
        priority: 1,
      },
      { name: 'New', type: 'integer', jsonPath: '.status.commentsNew', description: 'Comments not stored before.', priority: 1 },
      { name: 'Changed', type: 'integer', jsonPath: '.status.commentsChanged', description: 'Stored comments whose content changed.', priority: 1 },
      age,
    ],
  },
  Department: {
    kind: 'Department',
    plural: 'departments',
    singular: 'department',
    shortNames: ['dept'],
    scope: 'Cluster',
    description: 'A newsroom team: the namespaces its jobs come from, its priorities, quota and fair-share weight.',
    spec: departmentSpec,
    status: departmentStatus,
    printerColumns: [
      { name: 'Namespaces', type: 'string', jsonPath: '.spec.namespaces', description: 'Namespaces of the department.' },
      { name: 'Default', type: 'integer', jsonPath: '.spec.defaultPriority', description: 'Default priority.' },
      { name: 'Max', type: 'integer', jsonPath: '.spec.maxPriority', description: 'Maximum priority.' },
      { name: 'Quota', type: 'integer', jsonPath: '.spec.quota.inFlightTasks', description: 'In-flight task quota.' },
      { name: 'Weight', type: 'integer', jsonPath: '.spec.weight', description: 'Fair-share weight.' },
      { name: 'InFlight', type: 'integer', jsonPath: '.status.inFlight', description: 'Tasks queued or running.' },
      { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused', description: 'Admission held.' },
      age,
    ],
  },
  NewsSource: {
    kind: 'NewsSource',
    plural: 'newssources',
    singular: 'newssource',
    shortNames: ['nsrc'],
    scope: 'Cluster',
    description: 'A news site profile: base URLs, URL templates, CSS selectors, pagination and comment loading, rate limits and timeouts.',
    spec: newsSourceSpec,
    status: newsSourceStatus,
    printerColumns: [
      { name: 'Search', type: 'string', jsonPath: '.spec.baseUrls.search', description: 'Search base URL.' },
      { name: 'Comments', type: 'string', jsonPath: '.spec.comments.strategy', description: 'Comment loading strategy.' },
      { name: 'RPM', type: 'integer', jsonPath: '.spec.rateLimit.requestsPerMinute', description: 'Requests per minute per domain.', priority: 1 },
      {
        name: 'Valid',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="ProfileValid")].status',
        description: 'ProfileValid: the profile passed the structural checks.',
      },
      {
        name: 'SearchOK',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="SearchReady")].status',
        description: 'SearchReady: the probe read the search results.',
      },
      {
        name: 'ArticleOK',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="ArticleReady")].status',
        description: 'ArticleReady: the probe read the article pages.',
      },
      {
        name: 'CommentsOK',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="CommentsReady")].status',
        description: 'CommentsReady: the probe read the comments of its article.',
      },
      { name: 'Probed', type: 'date', jsonPath: '.status.probe.completionTime', description: 'When the probe last finished.' },
      {
        name: 'Search Result',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="SearchReady")].message',
        description: 'What the probe read of the search.',
        priority: 1,
      },
      {
        name: 'Comments Result',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="CommentsReady")].message',
        description: 'What the probe read of the comments.',
        priority: 1,
      },
      age,
    ],
  },
  CollectorPool: {
    kind: 'CollectorPool',
    plural: 'collectorpools',
    singular: 'collectorpool',
    shortNames: ['cpool'],
    scope: 'Namespaced',
    description: 'The collection fleet: worker and Selenium node Deployments scaled by queue depth, and the global pause.',
    spec: collectorPoolSpec,
    status: collectorPoolStatus,
    printerColumns: [
      { name: 'Workers', type: 'integer', jsonPath: '.status.workers.current', description: 'Worker replicas.' },
      { name: 'Desired', type: 'integer', jsonPath: '.status.workers.desired', description: 'Worker replicas wanted.' },
      { name: 'Nodes', type: 'integer', jsonPath: '.status.seleniumNodes.current', description: 'Selenium node replicas.' },
      { name: 'Busy', type: 'integer', jsonPath: '.status.busySlots', description: 'Busy worker slots.' },
      { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused', description: 'Admission held.' },
      age,
    ],
  },
  CollectionSchedule: {
    kind: 'CollectionSchedule',
    plural: 'collectionschedules',
    singular: 'collectionschedule',
    shortNames: ['colsched'],
    scope: 'Namespaced',
    description:
      'CollectionJobs on a schedule, shaped like CronJob: cron and time zone, concurrency policy, starting deadline, history limits and suspend, with rolling date windows.',
    spec: collectionScheduleSpec,
    status: collectionScheduleStatus,
    printerColumns: [
      { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule', description: 'The cron schedule.' },
      { name: 'TimeZone', type: 'string', jsonPath: '.spec.timeZone', description: 'The time zone of the schedule.', priority: 1 },
      { name: 'Suspend', type: 'boolean', jsonPath: '.spec.suspend', description: 'No new jobs while true.' },
      { name: 'Active', type: 'integer', jsonPath: '.status.activeJobs', description: 'Jobs not finished.' },
      { name: 'Last Schedule', type: 'date', jsonPath: '.status.lastScheduleTime', description: 'Time since the latest scheduled run.' },
      { name: 'Next', type: 'string', jsonPath: '.status.nextScheduleTime', description: 'The next scheduled time.' },
      {
        name: 'Last Success',
        type: 'date',
        jsonPath: '.status.lastSuccessfulTime',
        description: 'Time since the latest successful job completed.',
        priority: 1,
      },
      age,
    ],
  },
} satisfies Record<string, KindDefinition>;

export type KindName = keyof typeof kinds;

/** The full CustomResourceDefinition object of one kind. */
export function crdOf(def: KindDefinition): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${def.plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        shortNames: def.shortNames,
        categories: [CATEGORY],
      },
      scope: def.scope,
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: def.printerColumns,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: def.description,
              properties: {
                apiVersion: { type: 'string', description: 'The versioned schema of this object.' },
                kind: { type: 'string', description: 'The kind of this object.' },
                metadata: { type: 'object' },
                spec: def.spec,
                status: def.status,
              },
              required: ['spec'],
            },
          },
        },
      ],
    },
  };
}
