import { createKeyResultEndpoint } from "../_lib/endpoints";
import { route } from "../_lib/handler";

export const POST = route(createKeyResultEndpoint);
