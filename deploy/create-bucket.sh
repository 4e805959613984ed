#!/bin/sh
# Run once by the create-bucket service in compose.yaml (and again, harmlessly, by every
# `docker compose up`): makes the site's bucket in MinIO and an access key for the site
# that may use that bucket and nothing else. The bucket stays private: the site serves
# every file itself.
set -eu

mc alias set store http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "store/$DJANGO_S3_BUCKET"

policy=/tmp/localoffer-site-policy.json
printf '%s\n' "{
  \"Version\": \"2012-10-17\",
  \"Statement\": [
    {
      \"Effect\": \"Allow\",
      \"Action\": [\"s3:GetBucketLocation\", \"s3:ListBucket\", \"s3:ListBucketMultipartUploads\"],
      \"Resource\": [\"arn:aws:s3:::$DJANGO_S3_BUCKET\"]
    },
    {
      \"Effect\": \"Allow\",
      \"Action\": [\"s3:GetObject\", \"s3:PutObject\", \"s3:DeleteObject\",
                 \"s3:AbortMultipartUpload\", \"s3:ListMultipartUploadParts\"],
      \"Resource\": [\"arn:aws:s3:::$DJANGO_S3_BUCKET/*\"]
    }
  ]
}" >"$policy"
mc admin policy create store localoffer-site "$policy" >/dev/null
mc admin user add store "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >/dev/null

# mc refuses to attach a policy the user has already, so look first.
case "$(mc admin user info store "$AWS_ACCESS_KEY_ID")" in
*localoffer-site*) ;;
*) mc admin policy attach store localoffer-site --user "$AWS_ACCESS_KEY_ID" >/dev/null ;;
esac
echo "Bucket $DJANGO_S3_BUCKET is ready for $AWS_ACCESS_KEY_ID."
