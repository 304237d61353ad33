#!/usr/bin/env python3
"""A small closed-loop gRPC load client (grpcio asyncio) that measures latency percentiles.

Used by Ops/benchmarks/run.py next to h2load: the same unary RPC, the same shape of
load (C connections x M concurrent calls each, N calls in all), over TLS with a bearer
token. The request is sent as raw serialized bytes, so no stubs are needed:

    python3 rpc_load.py --target 127.0.0.1:8443 --ca DATA/tls/ca.pem --token-file DATA/admin.token \
        --method /grpc.health.v1.Health/Check --body-file req.bin -n 20000 -c 8 -m 16

Prints one JSON object: requests, ok, errors (by status code), seconds, req_per_s, and
latency percentiles in milliseconds. Every call's status is checked (a non-OK status is
an error, unlike h2load, which only sees HTTP 200).
"""
import argparse
import asyncio
import json
import pathlib
import sys
import time

import grpc


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


async def run(args):
    creds = grpc.ssl_channel_credentials(root_certificates=pathlib.Path(args.ca).read_bytes())
    token = pathlib.Path(args.token_file).read_text().strip()
    metadata = (("authorization", f"Bearer {token}"),)
    body = pathlib.Path(args.body_file).read_bytes() if args.body_file else b""
    channels = [grpc.aio.secure_channel(args.target, creds, options=[("grpc.use_local_subchannel_pool", 1)])
                for _ in range(args.c)]
    calls = [ch.unary_unary(args.method, request_serializer=None, response_deserializer=None) for ch in channels]
    for ch in channels:
        await asyncio.wait_for(ch.channel_ready(), timeout=10)
    # warm-up: one call per connection
    for call in calls:
        await call(body, metadata=metadata, timeout=args.timeout)

    remaining = args.n
    latencies = []
    errors = {}

    async def worker(call):
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            t0 = time.perf_counter()
            try:
                await call(body, metadata=metadata, timeout=args.timeout)
                latencies.append(time.perf_counter() - t0)
            except grpc.aio.AioRpcError as e:
                errors[e.code().name] = errors.get(e.code().name, 0) + 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(call) for call in calls for _ in range(args.m)))
    seconds = time.perf_counter() - t0
    for ch in channels:
        await ch.close()
    lat = sorted(latencies)
    ms = lambda v: None if v is None else round(v * 1000, 3)
    return dict(method=args.method, requests=args.n, ok=len(lat), errors=errors, seconds=round(seconds, 4),
                req_per_s=round(len(lat) / seconds, 1), connections=args.c, streams_per_connection=args.m,
                latency_ms=dict(min=ms(lat[0] if lat else None), p50=ms(percentile(lat, 0.5)),
                                p90=ms(percentile(lat, 0.9)), p99=ms(percentile(lat, 0.99)),
                                max=ms(lat[-1] if lat else None),
                                mean=ms(sum(lat) / len(lat) if lat else None)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--token-file", required=True)
    ap.add_argument("--method", required=True, help="/package.Service/Method")
    ap.add_argument("--body-file", help="the serialized request message (no gRPC frame prefix)")
    ap.add_argument("-n", type=int, default=20000)
    ap.add_argument("-c", type=int, default=8, help="connections")
    ap.add_argument("-m", type=int, default=16, help="concurrent calls per connection")
    ap.add_argument("--timeout", type=float, default=30)
    args = ap.parse_args()
    print(json.dumps(asyncio.run(run(args))))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
