/**
 * The Cloud Config remediation event: the bytes of a JSON array of
 * `{regionId, accountId, resourceId, resourceType}` (a single object is accepted too; other fields
 * are ignored, since Config's exact payload is unverified). Anything else is rejected as a whole,
 * so a malformed event never changes anything.
 */

export const SECURITY_GROUP_TYPE = 'ACS::ECS::SecurityGroup';

export interface ResourceRef {
  regionId: string;
  accountId?: string;
  resourceId: string;
  resourceType: string;
}

export class EventError extends Error {
  readonly code = 'InvalidEvent';
}

const REGION = /^[a-z]{2}(?:-[a-z0-9]+)+$/;
const RESOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const MAX_RESOURCES = 500;

function textOf(event: unknown): string {
  if (typeof event === 'string') return event;
  if (event instanceof Uint8Array) return Buffer.from(event).toString('utf8');
  if (event instanceof ArrayBuffer) return Buffer.from(event).toString('utf8');
  throw new EventError('the event must be the bytes of a JSON array of resources');
}

function field(o: Record<string, unknown>, name: string, i: number): string {
  const v = o[name];
  if (typeof v !== 'string' || v.trim() === '') {
    throw new EventError(`resource ${i}: "${name}" must be a non-empty string`);
  }
  return v.trim();
}

function resource(item: unknown, i: number): ResourceRef {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new EventError(`resource ${i}: expected an object with regionId, resourceId and resourceType`);
  }
  const o = item as Record<string, unknown>;
  const regionId = field(o, 'regionId', i);
  const resourceId = field(o, 'resourceId', i);
  const resourceType = field(o, 'resourceType', i);
  if (!REGION.test(regionId)) throw new EventError(`resource ${i}: "${regionId}" is not a region id`);
  if (!RESOURCE_ID.test(resourceId))
    throw new EventError(`resource ${i}: "${resourceId}" is not a resource id`);
  const ref: ResourceRef = { regionId, resourceId, resourceType };
  const account = o.accountId;
  if (typeof account === 'string' && account.trim() !== '') ref.accountId = account.trim();
  else if (typeof account === 'number' && Number.isSafeInteger(account)) ref.accountId = String(account);
  else if (account !== undefined && account !== null && account !== '') {
    throw new EventError(`resource ${i}: "accountId" must be a string or an integer`);
  }
  return ref;
}

/** Parses the event; duplicates (same region and resource) are kept once, in first-seen order. */
export function parseEvent(event: unknown): ResourceRef[] {
  const text = textOf(event).replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EventError('the event is not valid JSON');
  }
  const items = Array.isArray(json) ? json : [json];
  if (items.length > MAX_RESOURCES)
    throw new EventError(`the event lists more than ${MAX_RESOURCES} resources`);
  const out: ResourceRef[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const ref = resource(item, i);
    const key = `${ref.regionId}/${ref.resourceId}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(ref);
  });
  return out;
}
