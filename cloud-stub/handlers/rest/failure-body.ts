/** The failure body every 4xx/5xx carries [cloud-rest-api 0]. */
export interface FailureBody {
  status: "failure";
  error_code: number;
  description: string;
}

export function failureBody(errorCode: number, description: string): FailureBody {
  return { status: "failure", error_code: errorCode, description };
}
