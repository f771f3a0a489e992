// A small client of the Selenium Grid 4 hub: its GraphQL endpoint (nodes, slots, sessions, the
// new-session queue) and the distributor's drain of a node, which needs the registration secret.
// The secret goes only into the X-REGISTRATION-SECRET header and never into an error message.

export interface GridNode {
  id: string;
  uri: string;
  /** UP, DRAINING or DOWN. */
  status: string;
  slots: number;
  sessions: number;
}

export interface GridState {
  nodes: GridNode[];
  totalSlots: number;
  sessions: number;
  sessionQueue: number;
}

const QUERY = '{ grid { totalSlots sessionCount sessionQueueSize } nodesInfo { nodes { id uri status slotCount sessionCount } } }';

interface RawState {
  data?: {
    grid?: { totalSlots?: number; sessionCount?: number; sessionQueueSize?: number };
    nodesInfo?: { nodes?: { id: string; uri: string; status: string; slotCount?: number; sessionCount?: number }[] };
  };
  errors?: { message: string }[];
}

export class GridClient {
  private base: string;

  constructor(
    url: string,
    private timeoutMs = 5_000,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  async state(): Promise<GridState> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new Error(`the Selenium Grid at ${this.base} does not answer`, { cause: e });
    }
    if (!res.ok) throw new Error(`the Selenium Grid GraphQL endpoint answered ${res.status}`);
    const body = (await res.json()) as RawState;
    if (body.errors?.length) throw new Error(`the Selenium Grid GraphQL endpoint reported: ${body.errors.map((e) => e.message).join('; ')}`);
    return gridStateOf(body);
  }

  /** Asks the distributor to drain a node: it takes no new sessions and stops once its sessions end. */
  async drain(nodeId: string, secret: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/se/grid/distributor/node/${encodeURIComponent(nodeId)}/drain`, {
        method: 'POST',
        headers: { 'X-REGISTRATION-SECRET': secret },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new Error(`draining Grid node ${nodeId}: the hub does not answer`, { cause: e });
    }
    if (res.status === 401 || res.status === 403) throw new Error(`draining Grid node ${nodeId}: the hub refused the registration secret`);
    if (!res.ok) throw new Error(`draining Grid node ${nodeId}: the hub answered ${res.status}`);
  }
}

export function gridStateOf(raw: RawState): GridState {
  const nodes = (raw.data?.nodesInfo?.nodes ?? []).map((n) => ({
    id: n.id,
    uri: n.uri,
    status: n.status,
    slots: n.slotCount ?? 0,
    sessions: n.sessionCount ?? 0,
  }));
  return {
    nodes,
    totalSlots: raw.data?.grid?.totalSlots ?? nodes.reduce((s, n) => s + n.slots, 0),
    sessions: raw.data?.grid?.sessionCount ?? nodes.reduce((s, n) => s + n.sessions, 0),
    sessionQueue: raw.data?.grid?.sessionQueueSize ?? 0,
  };
}

/** Host and port of a node URI (what a pod's IP or the dev runner's annotation is matched against). */
export function nodeAddress(uri: string): string {
  try {
    const u = new URL(uri);
    return u.host;
  } catch {
    return uri;
  }
}
