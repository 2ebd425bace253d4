"""Notes: a small Flask service that is not .NET, kept as it is and run by the sample AppHost.

It follows the conventions every service of the system follows, whatever its language:
- its table's physical name in AWS__Resources__notebook__TableName (WithReference(table));
- DynamoDB's endpoint, region and credentials from the usual AWS variables and credential chain
  (DynamoDB Local's in run mode, the task role's on ECS);
- the backend's address in services__backend__http__0 (WithReference(backend));
- the port to listen on in PORT, on 127.0.0.1 unless HOST says otherwise (the image says 0.0.0.0).
"""

import logging
import os
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from flask import Flask, request

TABLE_NAME_KEY = "AWS__Resources__notebook__TableName"
BACKEND_KEY = "services__backend__http__0"
MAX_TEXT_LENGTH = 2000

log = logging.getLogger("notes")


def required(key):
    value = os.environ.get(key)
    if not value:
        raise RuntimeError(f"{key} is not set: the AppHost sets it with WithReference, the publisher on ECS.")
    return value


def dynamodb_client():
    # boto3 before 1.28 ignores AWS_ENDPOINT_URL_DYNAMODB and every boto3 ignores AWS_REGION, so both are read here;
    # on ECS neither endpoint is set and the SDK finds the regional endpoint and the task role by itself.
    return boto3.client(
        "dynamodb",
        endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or None,
        region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
        # Fail a request within seconds rather than hold a worker: the load balancer retries elsewhere.
        config=Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 3, "mode": "standard"}),
    )


def to_wire(item):
    """A stored item as the API shows it; the storage key stays inside."""
    return {"id": item["pk"]["S"], "text": item["text"]["S"], "created": item["created"]["S"]}


def create_app():
    app = Flask(__name__)
    table = required(TABLE_NAME_KEY)
    backend = required(BACKEND_KEY).rstrip("/")
    dynamodb = dynamodb_client()

    @app.get("/health")
    def health():
        # Ready when its own table answers: what ECS and the load balancer wait for.
        try:
            dynamodb.describe_table(TableName=table)
            return {"status": "Healthy"}, 200
        except (BotoCoreError, ClientError) as error:
            log.warning("Table %s does not answer: %s", table, error)
            return {"status": "Unhealthy"}, 503

    @app.post("/notes")
    def create_note():
        body = request.get_json(silent=True) or {}
        text = body.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_LENGTH:
            return {"errors": {"text": [f"Write between 1 and {MAX_TEXT_LENGTH} characters."]}}, 400

        item = {
            "pk": {"S": uuid.uuid4().hex},
            "text": {"S": text},
            "created": {"S": datetime.now(timezone.utc).isoformat()},
        }
        dynamodb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(pk)")
        note = to_wire(item)
        return note, 201, {"Location": f"/notes/{note['id']}"}

    @app.get("/notes/<note_id>")
    def get_note(note_id):
        found = dynamodb.get_item(TableName=table, Key={"pk": {"S": note_id}}, ConsistentRead=True).get("Item")
        if found is None:
            return {"title": "Not Found"}, 404
        return to_wire(found), 200

    @app.get("/backend/health")
    def backend_health():
        # The backend through service discovery. Its API wants a token, and WithReference(auth) gives a service
        # that no browser reaches the issuer but no client secret, so its readiness is what this service may ask.
        try:
            with urllib.request.urlopen(f"{backend}/health", timeout=5) as response:
                return {"backend": backend, "status": response.status}, 200
        except urllib.error.HTTPError as error:
            return {"backend": backend, "status": error.code}, 502
        except OSError as error:
            log.warning("The backend at %s does not answer: %s", backend, error)
            return {"backend": backend, "status": None}, 502

    return app


if __name__ == "__main__":
    # Run mode: Flask's own server on loopback. The image runs gunicorn instead (see Dockerfile).
    logging.basicConfig(level=logging.INFO)
    create_app().run(host=os.environ.get("HOST", "127.0.0.1"), port=int(required("PORT")))
