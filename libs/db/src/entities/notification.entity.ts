/** Moved to libs/db/src/notifications/; this path stays until the call sites import from there. */
export * from '../notifications/notification.entity';
