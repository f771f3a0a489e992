# The project image, from the repository's own Dockerfile (the one users build), its Node base given as
# the NODE_IMAGE build argument: here our Node image instead of node:20-bookworm-slim. Built with
# buildah's layer cache: a source change reruns the compile and the copies after it, not the two
# npm ci steps, which depend on package.json and package-lock.json only.
LAYERS=true bud "$ROOT" "$ROOT/Dockerfile" "NODE_IMAGE=$BASE_REF"
