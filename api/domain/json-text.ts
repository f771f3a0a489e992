// A response body already written as JSON, for example by PostgreSQL's json_build_object: sent as-is
// instead of through the route's serializer, which would first need it as objects.
export class JsonText {
  constructor(readonly text: string) {}
}
