import { describe, expect, it } from 'vitest';
import { allPorts, clusterPorts, SERVICE_NAMES } from '../../../../scripts/cluster/cluster-layout.js';

describe('the cluster port layout', () => {
  it('is Temporal’s standard layout 10000 higher, frontend on 17233 and PostgreSQL on 15432', () => {
    const ports = clusterPorts();
    expect(ports.postgres).toBe(15432);
    expect(ports.services.frontend).toEqual({ grpc: 17233, http: 17243, membership: 16933, metrics: 18000 });
    expect(SERVICE_NAMES.map((name) => ports.services[name].grpc)).toEqual([17234, 17235, 17233, 17239]);
  });

  it('never gives two listeners the same port, wherever the frontend is moved', () => {
    for (const frontend of [17233, 7233, 20000, 30001]) {
      const ports = allPorts(clusterPorts(frontend, 15432));
      expect(new Set(ports).size, `frontend ${frontend}`).toBe(ports.length);
      expect(ports.length).toBe(14);
    }
  });

  it('refuses a frontend port that puts a membership port above 32767, which PostgreSQL cannot store', () => {
    // cluster_membership.rpc_port is a SMALLINT: history dies at start with "value out of range".
    expect(() => clusterPorts(37233, 35432)).toThrow(/37233.*32767.*33061/);
    expect(clusterPorts(33061).services.worker.membership).toBe(32767);
  });
});
