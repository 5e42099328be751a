"""Uploaded images live in S3-compatible object storage when S3_BUCKET is set, and visitors get them from there.

The S3 server is moto's, in server mode, on a free loopback port: real HTTP, real S3 API, nothing leaves
the machine.
"""

import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image as PILImage
from wagtail_factories import ImageFactory

from tests.test_production_resilience import free_port

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "clinic-media-test"


@pytest.fixture
def s3_server():
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket=BUCKET)
    # The policy the README asks for: renditions public, nothing else.
    public_images = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/images/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_images))
    yield endpoint, client
    server.stop()


def s3_environment(endpoint):
    return {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
    }


def storage_setting(endpoint):
    """STORAGES["default"] exactly as config/settings.py builds it from the S3_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("S3_")} | s3_environment(endpoint)
    env.update(DJANGO_SETTINGS_MODULE="config.test_settings", ENV_FILE=os.devnull)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings as s; "
         "import json; print(json.dumps(s.STORAGES['default']))"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


@pytest.mark.django_db
def test_visitor_gets_an_uploaded_image_from_object_storage(settings, s3_server, client, home):
    endpoint, s3 = s3_server
    settings.STORAGES = {**settings.STORAGES, "default": storage_setting(endpoint)}
    image = ImageFactory(title="Waiting room", file__width=640, file__height=480)
    rendition = image.get_rendition("width-320")

    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert image.file.name in keys and rendition.file.name in keys
    assert rendition.url.startswith(f"{endpoint}/{BUCKET}/images/") and "Signature" not in rendition.url

    with urllib.request.urlopen(rendition.url, timeout=10) as response:
        assert response.status == 200
        assert PILImage.open(io.BytesIO(response.read())).size == (320, 240)
        # Kept as the app and nginx keep renditions: a CDN or browser never asks again for 30 days.
        assert set(response.headers["Cache-Control"].split(", ")) == {"public", "max-age=2592000", "immutable"}
    original_url = f"{endpoint}/{BUCKET}/{image.file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(original_url, timeout=10)
    assert refused.value.code == 403
