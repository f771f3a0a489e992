# The project image, from the repository's own Dockerfile (the one users build), its Node base given as
# the NODE_IMAGE build argument: here our Node image instead of node:20-bookworm-slim.
bud "$ROOT" "$ROOT/Dockerfile" "NODE_IMAGE=$BASE_REF"
