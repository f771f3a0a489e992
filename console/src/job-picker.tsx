// Choosing the job whose data to browse or chart: the caller's newest jobs by keyword, type, day and
// request id (the value is the request id, or the name of a job applied with kubectl: the data routes' `job`
// filter takes either).
import { time } from './format.js';
import { t } from './i18n.js';
import { shortKey, usePoll, type Entry } from './ui.js';

const SHOWN = 200;

export function JobPicker({ id, value, onChange }: { id: string; value: string; onChange: (requestId: string) => void }) {
  const list = usePoll<{ collectors: Entry[] }>(`/collectors/status?limit=${SHOWN}`, 0);
  const jobs = list.data?.collectors ?? [];
  const label = (j: Entry) => `${j.keyword || (j.type === 'comments' ? t('commentsJob') : t('metadata'))} · ${time(j.queued_at)} · ${shortKey(j)}`;
  return (
    <label>
      {t('job')}
      <select id={id} name="job" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)} data-testid="job-picker">
        <option value="">{t('allJobs')}</option>
        {value && !jobs.some((j) => j.id === value) ? <option value={value}>{value}</option> : null}
        {jobs.map((j) => (
          <option value={j.id}>{label(j)}</option>
        ))}
      </select>
    </label>
  );
}
