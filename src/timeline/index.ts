export { type CronSchedule, cronFireTimes, parseCron } from './cron.ts';
export { formatDuration, parseGoDuration } from './duration.ts';
export { schedulerFitter } from './filter-fitter.ts';
export { isTimelineJob, parseRfc3339, readTimelineJobs } from './jobs.ts';
export { capacityOf, DEFAULT_HORIZON_MS, planTimeline, timelineOptionsFromFlags } from './plan.ts';
export * from './types.ts';
