import { cycleRetrospectiveEndpoint } from "../../../_lib/endpoints";
import { route } from "../../../_lib/handler";

export const GET = route(cycleRetrospectiveEndpoint);
