/** The trivial baseline's only activity: returns its input, does nothing. */
export const benchActivities = {
  async noop(id: string): Promise<string> {
    return id;
  },
};
