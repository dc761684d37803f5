// kafkajs's table of Kafka error codes, which its package does not type.
declare module 'kafkajs/src/protocol/error.js' {
  const protocolErrors: {
    createErrorFromCode(code: number): Error & { type: string; code: number; retriable: boolean };
  };
  export default protocolErrors;
}
