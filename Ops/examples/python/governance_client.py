#!/usr/bin/env python3
"""Calling governd from Python with stock grpcio, using only Protos/.

    pip install grpcio grpcio-tools
    python3 Ops/examples/python/governance_client.py \
        --server 127.0.0.1:8443 --ca data/tls/ca.pem --token-file data/admin.token --tenant northwind

Stubs are generated from Protos/governance/v1 into a temporary directory at start-up
(a real client would generate them once, in its build). Only governance/v1 is generated:
generating grpc/health/v1 into a local `grpc/` folder would shadow the grpcio package
(use the grpcio-health-checking package for health checks instead).
"""
import argparse
import importlib
import pathlib
import sys
import tempfile

import grpc
from grpc_tools import protoc

ROOT = pathlib.Path(__file__).resolve().parents[3]
PROTOS = ROOT / "Protos"


def load_stubs():
    out = tempfile.mkdtemp(prefix="governd-stubs-")
    protos = sorted(str(p.relative_to(PROTOS)) for p in (PROTOS / "governance" / "v1").glob("*.proto"))
    status = protoc.main(["protoc", f"-I{PROTOS}", f"--python_out={out}", f"--grpc_python_out={out}", *protos])
    if status != 0:
        sys.exit(f"protoc failed ({status})")
    sys.path.insert(0, out)
    names = ["admin", "manifest", "ingest"]
    return {n: (importlib.import_module(f"governance.v1.{n}_pb2"), importlib.import_module(f"governance.v1.{n}_pb2_grpc")) for n in names}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:8443")
    parser.add_argument("--ca", required=True, help="the CA that signed governd's certificate (DATA_DIR/tls/ca.pem)")
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--tenant", required=True)
    args = parser.parse_args()

    stubs = load_stubs()
    admin_pb2, admin_grpc = stubs["admin"]
    ingest_pb2, ingest_grpc = stubs["ingest"]

    # TLS with the server's CA, and the bearer token on every call.
    credentials = grpc.ssl_channel_credentials(root_certificates=pathlib.Path(args.ca).read_bytes())
    token = pathlib.Path(args.token_file).read_text().strip()
    metadata = [("authorization", f"Bearer {token}")]

    with grpc.secure_channel(args.server, credentials) as channel:
        me = admin_grpc.AdminServiceStub(channel).WhoAmI(admin_pb2.WhoAmIRequest(), metadata=metadata, timeout=10)
        print(f"token {me.token_id} role {admin_pb2.Role.Name(me.role)}")

        tenants = admin_grpc.AdminServiceStub(channel).ListTenants(admin_pb2.ListTenantsRequest(), metadata=metadata, timeout=10)
        print("tenants:", ", ".join(t.id for t in tenants.tenants))

        summary = ingest_grpc.IngestServiceStub(channel).GetDataSummary(
            ingest_pb2.GetDataSummaryRequest(tenant=args.tenant), metadata=metadata, timeout=10)
        for total in summary.totals:
            print(f"{ingest_pb2.FileKind.Name(total.kind)} {total.rows}")

        # Errors arrive as gRPC status codes, e.g. an unknown tenant:
        try:
            ingest_grpc.IngestServiceStub(channel).GetDataSummary(
                ingest_pb2.GetDataSummaryRequest(tenant="no-such-tenant"), metadata=metadata, timeout=10)
        except grpc.RpcError as error:
            print(f"no-such-tenant: {error.code().name}")


if __name__ == "__main__":
    main()
