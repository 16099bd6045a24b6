import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { DispatcherWaker } from '@temporal/temporal-client.module';
import type { EndpointDelivery, WebhookEndpointView } from '@db/webhooks/webhook.queries';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  listEndpointDeliveries,
  listWebhookEndpoints,
  resendDelivery,
} from '@db/webhooks/webhook.queries';
import type { Principal } from '@domain/auth';
import type { FieldProblem } from '@domain/field-problem';
import { BIGSERIAL_ID, isUuid } from '@domain/ids';
import { isNotificationKind } from '@domain/messages';
import { checkWebhookUrl } from '@contract/webhook-url';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { isoOrNull as iso } from '../common/dates';
import type { CreateWebhookDto, DeliveriesQueryDto } from './dto/webhooks.dto';

/** Every kind, as an endpoint's events say it. */
const EVERY_KIND = '*';

/**
 * A body's webhook endpoints (its own OA system): registered, listed, removed by the body itself
 * only; another body's endpoint is not found. The signing secret is made here, answered once in
 * the 201 of the registration, and never again: no read, list, log line or error carries it.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: DispatcherWaker,
  ) {}

  /** POST /api/v1/webhooks: the URL checked (scheme, credentials, where its host resolves), each event a kind. */
  async create(who: Principal, dto: CreateWebhookDto) {
    const problems = eventProblems(dto.events);
    const urlProblem = await checkWebhookUrl(dto.url, { allowPrivate: this.config.webhooks.allowPrivate });
    if (urlProblem) problems.unshift({ field: 'url', message: urlProblem });
    if (problems.length) throw ApiError.validation(problems);
    // The Standard Webhooks form: whsec_ and 32 random bytes in base64 (the HMAC-SHA256 key).
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const e = await createWebhookEndpoint(this.ds, { agency: who.agency, url: dto.url, events: dto.events as string[], secret, createdBy: who.sub, at: new Date() });
    return { id: e.id, url: e.url, events: e.events, secret, createdAt: iso(e.createdAt) };
  }

  /** GET /api/v1/webhooks: the caller's body's endpoints, without their secrets. */
  async list(who: Principal) {
    return (await listWebhookEndpoints(this.ds, who.agency)).map(endpointView);
  }

  /** GET /api/v1/webhooks/:id/deliveries: newest first, each with its tries. */
  async deliveries(who: Principal, id: string, q: DeliveriesQueryDto) {
    const e = await this.own(who, id);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const found = await listEndpointDeliveries(this.ds, e.id, { page, pageSize });
    return { total: found.total, page, pageSize, items: found.rows.map(deliveryView) };
  }

  /**
   * POST /api/v1/webhooks/:id/deliveries/:deliveryId/resend: the delivery goes out again now,
   * under the same webhook-id. A delivery still pending is on its way already (409), and a
   * disabled endpoint sends nothing (409: register the endpoint again once it works).
   */
  async resend(who: Principal, id: string, deliveryId: string) {
    const e = await this.own(who, id);
    if (!BIGSERIAL_ID.test(deliveryId)) throw ApiError.notFound(`delivery ${deliveryId}`);
    if (e.disabledAt) {
      throw ApiError.conflict(ApiErrorCode.ENDPOINT_DISABLED, `the endpoint was disabled at ${iso(e.disabledAt)} (${e.disabledReason}): it sends nothing; register it again once it works`);
    }
    const at = new Date();
    const result = await resendDelivery(this.ds, e.id, deliveryId, at);
    if (result === 'not-found') throw ApiError.notFound(`delivery ${deliveryId}`);
    if (result === 'pending') throw ApiError.conflict(ApiErrorCode.DELIVERY_PENDING, `delivery ${deliveryId} is still pending: it is tried again at its next attempt`);
    await this.dispatcher.wake();
    return { id: deliveryId, status: 'pending', nextAttemptAt: iso(at) };
  }

  /** DELETE /api/v1/webhooks/:id: nothing more goes to it; its delivery history is kept. */
  async remove(who: Principal, id: string): Promise<void> {
    if (!isUuid(id) || !(await deleteWebhookEndpoint(this.ds, who.agency, id, new Date()))) throw ApiError.notFound(`webhook ${id}`);
  }

  /** One of the caller's body's endpoints; another body's, a removed one or no such id is a 404. */
  private async own(who: Principal, id: string): Promise<WebhookEndpointView> {
    const e = isUuid(id) ? await findWebhookEndpoint(this.ds, who.agency, id) : null;
    if (!e) throw ApiError.notFound(`webhook ${id}`);
    return e;
  }
}

/** What is wrong with an endpoint's events, each named by position (`events.2`). */
function eventProblems(events: unknown[]): FieldProblem[] {
  if (!events.length) return [{ field: 'events', message: `must list at least one notification kind, or ["${EVERY_KIND}"] for every kind` }];
  const problems: FieldProblem[] = [];
  events.forEach((k, i) => {
    if (typeof k !== 'string') problems.push({ field: `events.${i}`, message: 'must be a notification kind (a string)' });
    else if (k === EVERY_KIND) {
      if (events.length > 1) problems.push({ field: `events.${i}`, message: `"${EVERY_KIND}" means every kind: it stands alone` });
    } else if (!isNotificationKind(k)) problems.push({ field: `events.${i}`, message: `${JSON.stringify(k)} is not a notification kind` });
    else if (events.indexOf(k) !== i) problems.push({ field: `events.${i}`, message: `${k} is listed twice` });
  });
  return problems;
}

/** An endpoint as the API shows it: never its secret (the row read has none). */
function endpointView(e: WebhookEndpointView) {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    createdAt: iso(e.createdAt),
    failingSince: iso(e.failingSince),
    disabledAt: iso(e.disabledAt),
    disabledReason: e.disabledReason,
  };
}

function deliveryView(d: EndpointDelivery) {
  return {
    id: d.id,
    notificationId: d.notificationId,
    kind: d.kind,
    campaignId: d.campaignId,
    status: d.status,
    webhookId: d.messageId,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    sentAt: iso(d.sentAt),
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    attempts: d.attempts.map((a) => ({ at: iso(a.at), outcome: a.outcome, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
  };
}
