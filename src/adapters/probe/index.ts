/** Migration probes: observe a domain over DNS and HTTP(S) with explicit timeouts. */
export * from './resolver-address';
export * from './dns-client';
export * from './dns-probe';
export * from './http-probe';
export * from './prober';
export * from './address-policy';
