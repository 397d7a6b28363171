# Slipway runs a job's steps in its pod with this script (sh -c): it needs sh, curl and tar in the job's image.
# 1. fetch the job's prepared workspace (the commit's files, earlier stages' passed files, the run's artifact, the
#    restored cache) as a tar from Slipway's API with the run's own credentials, and unpack it;
# 2. run the steps in order (bash -c if the image has bash, else sh -c), each announced as "$ STEP", stopping at the
#    first that fails: the pod exits with its code;
# 3. after all succeeded, send the workspace back as a tar (artifact, passed files and caches are taken from it).
# What ended the pod is written to its termination message: "done", "step N", "fetch: …" or "upload: …".
set -u
message=${SLIPWAY_TERMINATION_LOG:-/dev/termination-log}
finish() {
    printf '%s' "$2" > "$message" 2>/dev/null
    exit "$1"
}
files=$(dirname "$SLIPWAY_WORKSPACE")
url="$SLIPWAY_API_URL$SLIPWAY_JOB_PATH/workspace.tar"
mkdir -p "$SLIPWAY_WORKSPACE" || finish 125 "fetch: cannot make $SLIPWAY_WORKSPACE"
curl -fsS -u "$SLIPWAY_REGISTRY_USER:$SLIPWAY_REGISTRY_TOKEN" -o "$files/in.tar" "$url" \
    || finish 125 "fetch: curl could not get $url"
tar -xf "$files/in.tar" -C "$SLIPWAY_WORKSPACE" || finish 125 "fetch: tar could not unpack the workspace"
rm -f "$files/in.tar"
cd "$SLIPWAY_WORKSPACE" || finish 125 "fetch: cannot enter $SLIPWAY_WORKSPACE"
mkdir -p "$HOME" "$TMPDIR"
i=1
while [ "$i" -le "$SLIPWAY_STEP_COUNT" ]; do
    eval "step=\${SLIPWAY_STEP_$i}"
    printf '$ %s\n' "$step"
    if command -v bash >/dev/null 2>&1; then bash -c "$step"; else sh -c "$step"; fi
    code=$?
    [ "$code" -eq 0 ] || finish "$code" "step $i"
    cd "$SLIPWAY_WORKSPACE" || finish 125 "step $i: the workspace is gone"
    i=$((i + 1))
done
tar -cf "$files/out.tar" -C "$SLIPWAY_WORKSPACE" . || finish 125 "upload: tar could not pack the workspace"
curl -fsS -u "$SLIPWAY_REGISTRY_USER:$SLIPWAY_REGISTRY_TOKEN" -T "$files/out.tar" "$url" \
    || finish 125 "upload: curl could not send the workspace to $url"
finish 0 "done"
