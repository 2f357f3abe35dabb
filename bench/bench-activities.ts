import http from 'node:http';
import got from 'got';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** The trivial baseline's only activity: returns its input; given a URL, first POSTs the id there (the latency sweep's send). */
export const benchActivities = {
  async noop(id: string, url?: string): Promise<string> {
    if (url) await got.post(url, { json: { id }, agent: { http: agent }, retry: { limit: 0 }, headers: { 'Idempotency-Key': id } }).buffer();
    return id;
  },
};
